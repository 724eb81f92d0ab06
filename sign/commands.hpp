// The commands of hallmark-sign; each parses its options and calls core.
#pragma once

namespace hallmark::sign {

int keygen(int argc, char** argv);
int public_key(int argc, char** argv);
int blob(int argc, char** argv);
int attest(int argc, char** argv);
int image(int argc, char** argv);

}  // namespace hallmark::sign
