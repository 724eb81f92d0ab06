#include <doctest/doctest.h>

#include "hallmark/catalog/apk.hpp"
#include "hallmark/catalog/distro.hpp"
#include "hallmark/catalog/dpkg.hpp"
#include "hallmark/util/error.hpp"

using namespace hallmark;
using namespace hallmark::catalog;

TEST_CASE("dpkg status: fields, continuations, installed state") {
  std::string status =
      "Package: libc6\n"
      "Status: install ok installed\n"
      "Installed-Size: 12985\n"
      "Architecture: amd64\n"
      "Source: glibc\n"
      "Version: 2.36-9+deb12u10\n"
      "Depends: libgcc-s1\n"
      "Conffiles:\n"
      " /etc/ld.so.conf.d/x86_64-linux-gnu.conf d4e7a7b88a71b5ffd9e2644e71a0cfab\n"
      "Description: GNU C Library: Shared libraries\n"
      " Contains the standard libraries.\n"
      "\n"
      "Package: old\n"
      "Status: deinstall ok config-files\n"
      "Version: 1\n"
      "\n"
      "Package: bash\n"
      "Status: install ok installed\n"
      "Source: bash (5.2.15-2)\n"
      "Version: 5.2.15-2+b2\n"
      "Pre-Depends: libc6 (>= 2.36), libtinfo6 (>= 6)\n";
  std::vector<dpkg::Entry> entries = dpkg::parse_status(status, "/var/lib/dpkg/status");
  REQUIRE(entries.size() == 2);
  CHECK(entries[0].package == "libc6");
  CHECK(entries[0].source == "glibc");
  CHECK(entries[0].installed_size == 12985);
  CHECK(entries[0].description == "GNU C Library: Shared libraries");
  CHECK(entries[1].source == "bash");
  CHECK(entries[1].source_version == "5.2.15-2");
  CHECK(dpkg::relationship_names(entries[1].pre_depends) ==
        std::vector<std::string>{"libc6", "libtinfo6"});
  CHECK_THROWS_WITH_AS(dpkg::parse_status("Package: x\nno colon here\n", "/s"),
                       "/s: line 2: \"no colon here\" is not a \"Field: value\" line", Error);
  CHECK_THROWS_AS(dpkg::parse_status(" continuation first\n", "/s"), Error);
  CHECK(dpkg::parse_status("", "/s").empty());
}

TEST_CASE("dpkg relationship fields: alternatives, arch qualifiers, versions") {
  CHECK(dpkg::relationship_names("libc6 (>= 2.34), mail-transport-agent | default-mta:any, "
                                 "python3:any (>= 3.11~) [amd64] <!nocheck>") ==
        std::vector<std::string>{"libc6", "mail-transport-agent", "default-mta", "python3"});
  CHECK(dpkg::relationship_names("").empty());
}

TEST_CASE("copyright licenses: License fields and common-licenses references") {
  std::string copyright =
      "Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/\n"
      "Files: *\n"
      "License: GPL-2+\n"
      "\n"
      "License: GPL-2+\n"
      " On Debian systems, see `/usr/share/common-licenses/GPL-2'.\n"
      "License: public-domain\n"
      "See /usr/share/common-licenses/LGPL-2.1.\n";
  CHECK(dpkg::parse_copyright_licenses(copyright) ==
        std::vector<std::string>{"GPL-2+", "GPL-2", "public-domain", "LGPL-2.1"});
}

TEST_CASE("apk installed: records, files, provides") {
  std::string installed =
      "C:Q1abc=\nP:busybox-binsh\nV:1.36.1-r15\nA:x86_64\nL:GPL-2.0-only\no:busybox\n"
      "D:busybox=1.36.1-r15\np:/bin/sh cmd:sh=1.36.1-r15\nF:bin\nR:sh\nZ:Q1xyz=\n\n"
      "P:musl\nV:1.2.4-r4\nA:x86_64\nI:667648\np:so:libc.musl-x86_64.so.1=1\n";
  std::vector<apk::Entry> entries = apk::parse_installed(installed, "/lib/apk/db/installed");
  REQUIRE(entries.size() == 2);
  CHECK(entries[0].origin == "busybox");
  CHECK(entries[0].files == std::vector<std::string>{"/bin/sh"});
  CHECK(entries[0].provides == std::vector<std::string>{"/bin/sh", "cmd:sh=1.36.1-r15"});
  CHECK(entries[1].installed_size == 667648);
  CHECK(apk::constraint_name("so:libc.musl-x86_64.so.1=1") == "so:libc.musl-x86_64.so.1");
  CHECK(apk::constraint_name("musl>=1.2") == "musl");
  CHECK_THROWS_AS(apk::parse_installed("P:x\nnot a record line\n", "/db"), Error);
}

TEST_CASE("os-release: quoting and fields") {
  model::Distro distro = parse_os_release(
      "# comment\nPRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nID=debian\nVERSION_ID=\"12\"\n"
      "ID_LIKE='rhel fedora'\nHOME_URL=\"https://www.debian.org/\"\nbroken line\n");
  CHECK(distro.id == "debian");
  CHECK(distro.version_id == "12");
  CHECK(distro.pretty_name == "Debian GNU/Linux 12 (bookworm)");
  CHECK(distro.id_like == std::vector<std::string>{"rhel", "fedora"});
}
