// Reading answers from the user's terminal without missing Ctrl-C.
#pragma once

#include <optional>
#include <string>

namespace gpttrace {

// One line from stdin, read byte by byte so later prompts still see the rest of stdin. Polls `stop_fd`
// (the stop-signal pipe, whose handlers restart reads) too: nullopt when a stop signal arrives, or at end
// of input with nothing typed; a partial line at end of input is returned as it is.
std::optional<std::string> read_stdin_line(int stop_fd);

}  // namespace gpttrace
