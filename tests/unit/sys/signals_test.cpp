// Tests for the stop-signal self-pipe: each SIGINT/SIGTERM/SIGHUP becomes a readable byte.
#include "sys/signals.h"

#include <gtest/gtest.h>
#include <poll.h>
#include <signal.h>

namespace gpttrace {
namespace {

bool readable(int fd) {
  pollfd p{fd, POLLIN, 0};
  return ::poll(&p, 1, 0) == 1 && (p.revents & POLLIN);
}

TEST(StopSignals, InstallIsIdempotent) {
  int fd = install_stop_signal_pipe();
  ASSERT_GE(fd, 0);
  EXPECT_EQ(install_stop_signal_pipe(), fd);
}

TEST(StopSignals, SignalsBecomeBytesOnThePipe) {
  int fd = install_stop_signal_pipe();
  drain_stop_signal_pipe();
  EXPECT_FALSE(readable(fd));

  ::raise(SIGINT);
  EXPECT_TRUE(readable(fd));
  EXPECT_EQ(last_stop_signal(), SIGINT);
  EXPECT_EQ(last_stop_signal(), SIGINT);  // reading does not consume
  EXPECT_EQ(drain_stop_signal_pipe(), 1);
  EXPECT_FALSE(readable(fd));

  ::raise(SIGTERM);
  ::raise(SIGHUP);
  EXPECT_EQ(last_stop_signal(), SIGHUP);
  EXPECT_EQ(drain_stop_signal_pipe(), 2);
  EXPECT_EQ(drain_stop_signal_pipe(), 0);
}

}  // namespace
}  // namespace gpttrace
