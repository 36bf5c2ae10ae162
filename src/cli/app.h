// The gpttrace command line: parses flags and dispatches to the commands.
#pragma once

namespace gpttrace {

int run_app(int argc, char** argv);

}  // namespace gpttrace
