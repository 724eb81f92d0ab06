// The commands of hallmark-provenance; each parses its options and calls core.
#pragma once

namespace hallmark::provenance_cli {

int generate(int argc, char** argv);

}  // namespace hallmark::provenance_cli
