// Tests for the build-time syscall table.
#include <gtest/gtest.h>

#include "kernel/syscall_names.h"

namespace gpttrace {
namespace {

TEST(SyscallNames, KnowsTheArchitecturesTable) {
#if defined(__x86_64__)
  EXPECT_EQ(syscall_name(0), "read");
  EXPECT_EQ(syscall_name(1), "write");
  EXPECT_EQ(syscall_name(257), "openat");
  EXPECT_EQ(syscall_name(59), "execve");
#endif
  EXPECT_FALSE(syscall_name(-1));
  EXPECT_FALSE(syscall_name(100000));
}

}  // namespace
}  // namespace gpttrace
