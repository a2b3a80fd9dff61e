// posture: the command-line entry point. See scanner/cli/cli.h.
#include "scanner/cli/cli.h"

int main(int argc, char** argv) { return posture::cli::Run(argc, argv); }
