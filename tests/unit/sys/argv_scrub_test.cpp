// Secret option values are overwritten in argv's own memory, in every spelling, and nothing else is.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "sys/argv_scrub.h"

namespace gpttrace {
namespace {

constexpr std::string_view kSecret[] = {"-k", "--key"};

// argv as the kernel lays it out: the strings back to back in one buffer.
struct Argv {
  explicit Argv(std::vector<std::string> args) {
    for (const auto& a : args) buffer.append(a).push_back('\0');
    for (size_t at = 0; at < buffer.size(); at = buffer.find('\0', at) + 1) pointers.push_back(buffer.data() + at);
  }
  std::string buffer;
  std::vector<char*> pointers;
};

TEST(ScrubSecretArguments, MasksEverySpellingOfTheKey) {
  Argv a({"gpttrace", "-k", "sk-one", "--key=sk-two", "-ksk-three", "--key", "sk-four", "-e", "BEGIN{}", "-k"});
  int hidden = scrub_secret_arguments(static_cast<int>(a.pointers.size()), a.pointers.data(), kSecret);
  EXPECT_EQ(hidden, 4);
  EXPECT_EQ(a.buffer.find("sk-"), std::string::npos) << a.buffer;
  EXPECT_EQ(std::string(a.pointers[2]), "******");
  EXPECT_EQ(std::string(a.pointers[3]), "--key=******");
  EXPECT_EQ(std::string(a.pointers[8]), "BEGIN{}");  // other arguments untouched
}

TEST(ScrubSecretArguments, StopsAtDoubleDash) {
  Argv a({"gpttrace", "--", "-k", "not-a-key"});
  EXPECT_EQ(scrub_secret_arguments(static_cast<int>(a.pointers.size()), a.pointers.data(), kSecret), 0);
  EXPECT_EQ(std::string(a.pointers[3]), "not-a-key");
}

}  // namespace
}  // namespace gpttrace
