// soundings-server: wiring only. Commands live in server/cli/.
#include "server/cli/commands.h"

int main(int argc, char** argv) { return soundings::server::RunCommandLine(argc, argv); }
