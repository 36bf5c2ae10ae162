// The --config file of gpttrace serve: the shipped example parses; every malformed file is one error line that
// names the file (and the entry), never an exception.
#include <gtest/gtest.h>

#include "serve/config.h"

namespace gpttrace::serve {
namespace {

TEST(ServeConfig, TheShippedConfigParses) {
  Result<std::vector<ServeSource>> sources = read_config(GPTTRACE_FIXTURES_DIR "/../../deploy/serve.json");
  ASSERT_TRUE(sources) << sources.error().message;
  ASSERT_EQ(sources->size(), 2u);
  EXPECT_EQ((*sources)[0].name, "syscalls");
  EXPECT_EQ((*sources)[0].request, "count system calls by process");
  EXPECT_TRUE((*sources)[0].program.empty());
}

TEST(ServeConfig, ProgramsAndRequestsByName) {
  Result<std::vector<ServeSource>> sources = parse_config(
      R"({"programs": [{"name": "opens", "program": "tracepoint:syscalls:sys_enter_openat { @[comm] = count(); }"}]})",
      "c.json");
  ASSERT_TRUE(sources);
  EXPECT_EQ((*sources)[0].name, "opens");
  EXPECT_TRUE((*sources)[0].request.empty());
}

TEST(ServeConfig, EveryMalformedFileIsOneLineNamingIt) {
  const std::pair<const char*, const char*> cases[] = {
      {"", "not valid JSON"},
      {"{\"programs\": [", "not valid JSON"},
      {"[]", "\"programs\""},
      {"{\"programs\": []}", "\"programs\""},
      {"{\"programs\": {}}", "\"programs\""},
      {"{\"programs\": [3]}", "entry 1 is not an object"},
      {"{\"programs\": [{\"request\": \"count syscalls\"}]}", "name ''"},
      {"{\"programs\": [{\"name\": \"Bad-Name\", \"request\": \"x\"}]}", "name 'Bad-Name'"},
      {"{\"programs\": [{\"name\": \"9lives\", \"request\": \"x\"}]}", "name '9lives'"},
      {"{\"programs\": [{\"name\": \"a\", \"request\": 5}]}", "exactly one"},
      {"{\"programs\": [{\"name\": \"a\", \"request\": \"x\", \"program\": \"y\"}]}", "exactly one"},
      {"{\"programs\": [{\"name\": \"a\", \"request\": \"x\"}, {\"name\": \"b\"}]}", "entry 2 (b)"},
  };
  for (const auto& [text, expected] : cases) {
    Result<std::vector<ServeSource>> sources = parse_config(text, "c.json");
    ASSERT_FALSE(sources) << text;
    EXPECT_NE(sources.error().message.find("c.json"), std::string::npos) << sources.error().message;
    EXPECT_NE(sources.error().message.find(expected), std::string::npos) << sources.error().message;
    EXPECT_EQ(sources.error().message.find('\n'), std::string::npos);
    EXPECT_FALSE(sources.error().fix.empty());
  }
}

TEST(ServeConfig, ADirectoryOrMissingFileIsRefused) {
  EXPECT_FALSE(read_config("/nonexistent/serve.json"));
  EXPECT_FALSE(read_config("/tmp"));
}

}  // namespace
}  // namespace gpttrace::serve
