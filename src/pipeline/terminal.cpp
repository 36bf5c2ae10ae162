// Line input from the terminal that a Ctrl-C interrupts.
#include "pipeline/terminal.h"

#include <poll.h>
#include <unistd.h>

#include <cerrno>

namespace gpttrace {

std::optional<std::string> read_stdin_line(int stop_fd) {
  std::string line;
  while (true) {
    pollfd fds[2] = {{STDIN_FILENO, POLLIN, 0}, {stop_fd, POLLIN, 0}};
    if (poll(fds, 2, -1) < 0) {
      if (errno == EINTR) continue;
      return std::nullopt;
    }
    if (fds[1].revents != 0) return std::nullopt;
    char c = 0;
    if (read(STDIN_FILENO, &c, 1) <= 0) return line.empty() ? std::nullopt : std::optional<std::string>(line);
    if (c == '\n') return line;
    line += c;
  }
}

}  // namespace gpttrace
