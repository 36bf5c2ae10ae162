// write_stdout: unbuffered writes to fd 1 that remember the first error and stop the trace on it.
#include "cli/stdout_writer.h"

#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <iostream>

#include "sys/signals.h"

namespace gpttrace {
namespace {

int g_error = 0;

}  // namespace

bool write_stdout(std::string_view text) {
  if (g_error != 0) return false;
  // Text written through std::cout elsewhere must come out first to keep the order.
  std::cout.flush();
  while (!text.empty()) {
    const ssize_t n = ::write(STDOUT_FILENO, text.data(), text.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      g_error = n < 0 ? errno : EIO;
      install_stop_signal_pipe();  // so SIGINT is handled, never fatal
      ::raise(SIGINT);
      return false;
    }
    text.remove_prefix(static_cast<size_t>(n));
  }
  return true;
}

int stdout_error() {
  return g_error;
}

}  // namespace gpttrace
