// Self-pipe for stop signals: SIGINT/SIGTERM/SIGHUP become bytes on a non-blocking pipe an event loop polls.
#include "sys/signals.h"

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <mutex>

namespace gpttrace {
namespace {

int g_read_fd = -1;
int g_write_fd = -1;
volatile sig_atomic_t g_last_signal = 0;

// Async-signal-safe: stores the number and writes one byte; a full pipe just drops the byte.
void on_stop_signal(int sig) {
  int saved = errno;
  g_last_signal = sig;
  unsigned char byte = static_cast<unsigned char>(sig);
  (void)!::write(g_write_fd, &byte, 1);
  errno = saved;
}

}  // namespace

int install_stop_signal_pipe() {
  static std::once_flag once;
  std::call_once(once, [] {
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC | O_NONBLOCK) != 0) return;
    g_read_fd = fds[0];
    g_write_fd = fds[1];
    struct sigaction sa {};
    sa.sa_handler = on_stop_signal;
    sigemptyset(&sa.sa_mask);
    // SA_RESTART keeps unrelated blocking calls (HTTP, file reads) from failing with EINTR; poll() is
    // never restarted, so event loops still wake up, and they watch the pipe anyway.
    sa.sa_flags = SA_RESTART;
    for (int sig : {SIGINT, SIGTERM, SIGHUP}) ::sigaction(sig, &sa, nullptr);
  });
  return g_read_fd;
}

int last_stop_signal() {
  return g_last_signal;
}

int drain_stop_signal_pipe() {
  if (g_read_fd < 0) return 0;
  int count = 0;
  unsigned char buf[64];
  for (;;) {
    ssize_t n = ::read(g_read_fd, buf, sizeof buf);
    if (n > 0) {
      count += static_cast<int>(n);
    } else if (n < 0 && errno == EINTR) {
      continue;
    } else {
      return count;
    }
  }
}

}  // namespace gpttrace
