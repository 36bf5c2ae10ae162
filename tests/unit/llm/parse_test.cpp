// Answer parsing (whole and SSE) and program extraction from plain-text answers.
#include <gtest/gtest.h>

#include "llm/prompt.h"
#include "llm/reply_parser.h"

namespace gpttrace {
namespace {

TEST(ReplyParser, WholeAnswerWithToolCallsAndUsage) {
  auto reply = parse_completion_body(R"({"choices":[{"message":{"role":"assistant","content":null,
    "tool_calls":[{"id":"c1","type":"function","function":{"name":"probe_info","arguments":"{\"probe\":\"x\"}"}}]},
    "finish_reason":"tool_calls"}],"usage":{"prompt_tokens":120,"completion_tokens":7}})");
  ASSERT_TRUE(reply) << reply.error().message;
  ASSERT_EQ(reply->tool_calls.size(), 1u);
  EXPECT_EQ(reply->tool_calls[0].id, "c1");
  EXPECT_EQ(reply->tool_calls[0].name, "probe_info");
  EXPECT_EQ(reply->tool_calls[0].arguments, R"({"probe":"x"})");
  EXPECT_EQ(reply->usage.prompt_tokens, 120);
  EXPECT_EQ(reply->finish_reason, "tool_calls");
}

TEST(ReplyParser, MalformedAndErrorBodiesFail) {
  auto bad = parse_completion_body("<html>gateway</html>");
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("not valid JSON"), std::string::npos);
  auto err = parse_completion_body(R"({"error":{"message":"model overloaded"}})");
  ASSERT_FALSE(err);
  EXPECT_NE(err.error().message.find("model overloaded"), std::string::npos);
  EXPECT_FALSE(parse_completion_body(R"({"choices":[]})"));
}

TEST(StreamAccumulator, JoinsContentAndToolArgumentsSplitAcrossPieces) {
  StreamAccumulator acc;
  std::string stream =
      "data: {\"choices\":[{\"delta\":{\"content\":\"Hel\"}}]}\n\n"
      ": keep-alive\n\n"
      "data: {\"choices\":[{\"delta\":{\"content\":\"lo\",\"tool_calls\":[{\"index\":0,\"id\":\"a\",\"function\":"
      "{\"name\":\"submit_program\",\"arguments\":\"{\\\"pro\"}}]}}]}\n\n"
      "data: {\"choices\":[{\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"gram\\\":1}\"}}]},"
      "\"finish_reason\":\"tool_calls\"}]}\n\n"
      "data: {\"choices\":[],\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":2}}\n\n"
      "data: [DONE]\n\n";
  for (size_t at = 0; at < stream.size(); at += 7) ASSERT_TRUE(acc.feed(std::string_view(stream).substr(at, 7)));
  auto reply = acc.finish();
  ASSERT_TRUE(reply) << reply.error().message;
  EXPECT_EQ(reply->content, "Hello");
  ASSERT_EQ(reply->tool_calls.size(), 1u);
  EXPECT_EQ(reply->tool_calls[0].arguments, R"({"program":1})");
  EXPECT_EQ(reply->usage.prompt_tokens, 5);
}

TEST(StreamAccumulator, CutStreamAndMalformedChunkFail) {
  StreamAccumulator cut;
  cut.feed("data: {\"choices\":[{\"delta\":{\"content\":\"Hel\"}}]}\n\n");
  auto a = cut.finish();
  ASSERT_FALSE(a);
  EXPECT_NE(a.error().message.find("cut mid-way"), std::string::npos);
  StreamAccumulator bad;
  EXPECT_FALSE(bad.feed("data: {nope\n\n"));
  auto b = bad.finish();
  ASSERT_FALSE(b);
  EXPECT_NE(b.error().message.find("malformed stream chunk"), std::string::npos);
}

TEST(ExtractProgram, TakesTheFencedProgramAndTheSentence) {
  auto e = extract_program("This counts reads per process.\n```bpftrace\ntracepoint:syscalls:sys_enter_read "
                           "{ @[comm] = count(); }\n```\nHope it helps!");
  ASSERT_TRUE(e);
  EXPECT_EQ(e->program, "tracepoint:syscalls:sys_enter_read { @[comm] = count(); }\n");
  EXPECT_EQ(e->statement, "This counts reads per process.");
}

TEST(ExtractProgram, SkipsShellFencesAndAcceptsABareProgram) {
  auto e = extract_program("Run:\n```sh\nsudo bpftrace x.bt\n```\n```\nBEGIN { printf(\"hi\\n\"); }\n```");
  ASSERT_TRUE(e);
  EXPECT_EQ(e->program, "BEGIN { printf(\"hi\\n\"); }\n");
  auto bare = extract_program("tracepoint:sched:sched_switch { @[comm] = count(); }");
  ASSERT_TRUE(bare);
  EXPECT_FALSE(extract_program("I cannot help with tracing, but here is some advice."));
  auto zh = extract_program("统计每个进程的缺页次数。\n```\nsoftware:page-faults:1 { @[comm] = count(); }\n```");
  ASSERT_TRUE(zh);
  EXPECT_EQ(zh->statement, "统计每个进程的缺页次数。");
}

TEST(ExtractProgram, AProgramOpeningWithACommentOrIncludeIsAProgram) {
  for (const char* program : {"// counts reads\ntracepoint:syscalls:sys_enter_read { @ = count(); }",
                              "/* counts\n reads */ tracepoint:syscalls:sys_enter_read { @ = count(); }",
                              "#include <linux/sched.h>\n#define X \\\n  1\nBEGIN { @ = X; }",
                              "#!/usr/bin/env bpftrace\nBEGIN { printf(\"hi\\n\"); }"}) {
    auto fenced = extract_program(std::string("Counts.\n```bpftrace\n") + program + "\n```");
    ASSERT_TRUE(fenced) << program;
    EXPECT_EQ(fenced->program, std::string(program) + "\n");
    EXPECT_TRUE(extract_program(program)) << program;
  }
  EXPECT_FALSE(extract_program("// just a comment { not a program"));
  EXPECT_FALSE(extract_program("/* unterminated tracepoint:x:y {"));
}

}  // namespace
}  // namespace gpttrace
