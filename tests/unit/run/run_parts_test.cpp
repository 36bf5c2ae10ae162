// Tests for the runner's parts: line splitting, thousands grouping, the terminal status line.
#include "run/run_parts.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <stdlib.h>
#include <unistd.h>

#include <string>
#include <vector>

namespace gpttrace::run_detail {
namespace {

std::vector<std::string> split(LineSplitter& s, std::vector<std::string_view> chunks, bool finish = true) {
  std::vector<std::string> lines;
  auto add = [&](std::string_view l) { lines.emplace_back(l); };
  for (auto c : chunks) s.feed(c, add);
  if (finish) s.finish(add);
  return lines;
}

TEST(LineSplitter, JoinsLinesAcrossChunks) {
  LineSplitter s(100);
  EXPECT_EQ(split(s, {"ab", "c\nde", "f\n\n", "tail"}), (std::vector<std::string>{"abc", "def", "", "tail"}));
}

TEST(LineSplitter, DropsOverlongLinesAndRecovers) {
  LineSplitter s(4);
  EXPECT_EQ(split(s, {"12", "345", "67\nok\n", "toolongtail"}), (std::vector<std::string>{"ok"}));
}

TEST(GroupThousands, Formats) {
  EXPECT_EQ(group_thousands(0), "0");
  EXPECT_EQ(group_thousands(999), "999");
  EXPECT_EQ(group_thousands(1234), "1,234");
  EXPECT_EQ(group_thousands(1234567), "1,234,567");
}

// A pseudo-terminal: the slave is what StatusLine writes to, the master is where we read what it drew.
struct Pty {
  int master = -1, slave = -1;
  Pty() {
    master = ::posix_openpt(O_RDWR | O_NOCTTY);
    if (master < 0 || ::grantpt(master) != 0 || ::unlockpt(master) != 0) return;
    slave = ::open(::ptsname(master), O_RDWR | O_NOCTTY);
    ::fcntl(master, F_SETFL, O_NONBLOCK);
  }
  ~Pty() {
    ::close(slave);
    ::close(master);
  }
  std::string drain() const {
    std::string got;
    char buf[4096];
    ssize_t n;
    while ((n = ::read(master, buf, sizeof buf)) > 0) got.append(buf, static_cast<size_t>(n));
    return got;
  }
};

TEST(StatusLine, RewritesOnlyOnChangeAndClears) {
  Pty pty;
  ASSERT_GE(pty.slave, 0);
  {
    StatusLine status(true, pty.slave);
    ASSERT_TRUE(status.enabled());
    status.show("a");
    status.show("a");
    status.show("b");
  }  // the destructor clears
  EXPECT_EQ(pty.drain(), "\r\033[Ka\r\033[Kb\r\033[K");
}

TEST(StatusLine, DisabledWhenNotATerminalOrNotWanted) {
  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  StatusLine on_pipe(true, fds[1]);
  EXPECT_FALSE(on_pipe.enabled());
  on_pipe.show("x");
  ::close(fds[1]);
  char c;
  EXPECT_EQ(::read(fds[0], &c, 1), 0);
  ::close(fds[0]);
  Pty pty;
  StatusLine unwanted(false, pty.slave);
  EXPECT_FALSE(unwanted.enabled());
}

}  // namespace
}  // namespace gpttrace::run_detail
