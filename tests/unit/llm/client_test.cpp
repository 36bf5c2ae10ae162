// The Chat Completions client against the scripted server over real HTTP: success paths and every fault.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <thread>

#include "llm/chat.h"
#include "scripted_server.h"
#include "sys/signals.h"

namespace gpttrace {
namespace {

using testing::ScriptedServer;
using Clock = std::chrono::steady_clock;

constexpr const char* kKey = "sk-test-SECRET-0123456789";

ProviderConfig config_for(const std::string& base_url, bool stream = false) {
  ProviderConfig c;
  c.base_url = base_url;
  c.api_key = kKey;
  c.model = "test-model";
  c.stream = stream;
  c.connect_timeout_seconds = 1;
  c.timeout_seconds = 5;
  return c;
}

ClientOptions fast_retries() {
  ClientOptions o;
  o.backoff_base_seconds = 0.01;
  o.retry_after_cap_seconds = 1.5;
  o.max_retries = 2;
  return o;
}

ChatRequest hello() {
  ChatRequest r;
  r.messages = {{"system", "be brief"}, {"user", "hi"}};
  return r;
}

double seconds_since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

// The error message, checked to be one line without the key.
std::string error_of(const Result<ChatReply>& reply) {
  EXPECT_FALSE(reply);
  if (reply) return {};
  EXPECT_EQ(reply.error().message.find('\n'), std::string::npos);
  EXPECT_EQ(reply.error().message.find(kKey), std::string::npos);
  EXPECT_EQ(reply.error().fix.find(kKey), std::string::npos);
  return reply.error().message;
}

TEST(ChatClient, NonStreamingAnswerSendsModelAndKey) {
  ScriptedServer server(R"({"responses":[{"reply":{"content":"hello there"}}]})");
  ChatClient client(config_for(server.base_url()), fast_retries());
  auto reply = client.complete(hello());
  ASSERT_TRUE(reply) << reply.error().message;
  EXPECT_EQ(reply->content, "hello there");
  EXPECT_GT(reply->usage.prompt_tokens, 0);
  EXPECT_FALSE(reply->usage.estimated);
  auto requests = server.requests();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].path, "/v1/chat/completions");
  EXPECT_EQ(requests[0].authorization, std::string("Bearer ") + kKey);
  EXPECT_NE(requests[0].body.find("\"model\":\"test-model\""), std::string::npos);
  EXPECT_EQ(requests[0].body.find("\"stream\""), std::string::npos);
}

TEST(ChatClient, StreamingAnswerWithToolCalls) {
  ScriptedServer server(R"({"responses":[{"reply":{"content":"let me look",
    "tool_calls":[{"name":"probe_info","arguments":{"probe":"tracepoint:syscalls:sys_enter_openat"}}]}}]})");
  ChatClient client(config_for(server.base_url(), true), fast_retries());
  ChatRequest request = hello();
  request.tools = {{"probe_info", "fields", R"({"type":"object","properties":{"probe":{"type":"string"}}})"}};
  auto reply = client.complete(request);
  ASSERT_TRUE(reply) << reply.error().message;
  EXPECT_EQ(reply->content, "let me look");
  ASSERT_EQ(reply->tool_calls.size(), 1u);
  EXPECT_EQ(reply->tool_calls[0].name, "probe_info");
  EXPECT_EQ(reply->tool_calls[0].arguments, R"({"probe":"tracepoint:syscalls:sys_enter_openat"})");
  std::string body = server.requests().at(0).body;
  EXPECT_NE(body.find("\"stream\":true"), std::string::npos);
  EXPECT_NE(body.find("\"tools\""), std::string::npos);
}

TEST(ChatClient, UsageIsEstimatedWhenTheProviderReportsNone) {
  ScriptedServer server(R"({"responses":[{"reply":{"content":"12345678","usage":false}}]})");
  ChatClient client(config_for(server.base_url(), true), fast_retries());
  auto reply = client.complete(hello());
  ASSERT_TRUE(reply) << reply.error().message;
  EXPECT_TRUE(reply->usage.estimated);
  EXPECT_EQ(reply->usage.prompt_tokens, static_cast<long>(reply->request_bytes / 4));
  EXPECT_EQ(reply->usage.completion_tokens, 2);
}

TEST(ChatClientFaults, ConnectionRefused) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  socklen_t len = sizeof addr;
  getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  close(fd);  // the port is now closed: connecting is refused
  ChatClient client(config_for("http://127.0.0.1:" + std::to_string(ntohs(addr.sin_port)) + "/v1"), fast_retries());
  EXPECT_NE(error_of(client.complete(hello())).find("connection refused"), std::string::npos);
}

TEST(ChatClientFaults, DnsFailure) {
  ChatClient client(config_for("http://no-such-host.invalid/v1"), fast_retries());
  EXPECT_NE(error_of(client.complete(hello())).find("cannot resolve the host"), std::string::npos);
}

TEST(ChatClientFaults, ConnectTimeout) {
  // A listener whose accept queue is full drops further SYNs, so connecting hangs.
  int listener = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(bind(listener, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  socklen_t len = sizeof addr;
  getsockname(listener, reinterpret_cast<sockaddr*>(&addr), &len);
  ASSERT_EQ(listen(listener, 0), 0);
  std::vector<int> fillers;
  for (int i = 0; i < 4; ++i) {
    int f = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    connect(f, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    fillers.push_back(f);
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  ProviderConfig config = config_for("http://127.0.0.1:" + std::to_string(ntohs(addr.sin_port)) + "/v1");
  config.connect_timeout_seconds = 0.5;
  ChatClient client(config, fast_retries());
  auto start = Clock::now();
  std::string message = error_of(client.complete(hello()));
  EXPECT_LT(seconds_since(start), 3.0);
  EXPECT_TRUE(message.find("no connection") != std::string::npos ||
              message.find("did not finish answering") != std::string::npos) << message;
  for (int f : fillers) close(f);
  close(listener);
}

TEST(ChatClientFaults, OverallTimeoutWhileTheModelThinks) {
  ScriptedServer server(R"({"responses":[{"delay_ms":5000,"reply":{"content":"late"}}]})");
  ProviderConfig config = config_for(server.base_url());
  config.timeout_seconds = 0.5;
  ChatClient client(config, fast_retries());
  auto start = Clock::now();
  EXPECT_NE(error_of(client.complete(hello())).find("within 0.5 s"), std::string::npos);
  EXPECT_LT(seconds_since(start), 2.0);
}

TEST(ChatClientFaults, TimeoutIsOverallAcrossRetries) {
  // Each 503 takes 0.4 s; four attempts would take 1.6 s, but the whole answer has 1 s.
  ScriptedServer server(R"({"responses":[{"status":503,"delay_ms":400,"body":"busy","repeat":9}]})");
  ProviderConfig config = config_for(server.base_url());
  config.timeout_seconds = 1;
  ClientOptions options = fast_retries();
  options.max_retries = 3;
  ChatClient client(config, options);
  auto start = Clock::now();
  std::string message = error_of(client.complete(hello()));
  EXPECT_LT(seconds_since(start), 1.3);
  EXPECT_LE(server.requests().size(), 3u);
  EXPECT_TRUE(message.find("HTTP 503") != std::string::npos || message.find("within 1 s") != std::string::npos)
      << message;
}

TEST(ChatClientFaults, AHugeRequestIsNeverSent) {
  ScriptedServer server(R"({"responses":[{"reply":{"content":"ok"}}]})");
  ChatClient client(config_for(server.base_url()), fast_retries());
  ChatRequest huge = hello();
  huge.messages.back().content = std::string(300 * 1024, 'x');
  EXPECT_NE(error_of(client.complete(huge)).find("over the 128 KiB cap; nothing was sent"), std::string::npos);
  EXPECT_TRUE(server.requests().empty());
}

TEST(ChatClientFaults, BadKeyIs401WithTheEchoedKeyRedacted) {
  ScriptedServer server(R"({"responses":[{"status":401,"json":{"error":{"message":
    "Incorrect API key provided: sk-test-SECRET-0123456789"}}}]})");
  ChatClient client(config_for(server.base_url()), fast_retries());
  std::string message = error_of(client.complete(hello()));
  EXPECT_NE(message.find("refused the API key (HTTP 401)"), std::string::npos);
  EXPECT_EQ(server.requests().size(), 1u);  // never retried
}

TEST(ChatClientFaults, Forbidden403) {
  ScriptedServer server(R"({"responses":[{"status":403,"json":{"error":{"message":"no access"}}}]})");
  ChatClient client(config_for(server.base_url()), fast_retries());
  EXPECT_NE(error_of(client.complete(hello())).find("HTTP 403"), std::string::npos);
}

TEST(ChatClientFaults, UnknownModel404) {
  ScriptedServer server(R"({"responses":[{"status":404,"json":{"error":{"message":"model not found"}}}]})");
  ChatClient client(config_for(server.base_url()), fast_retries());
  auto reply = client.complete(hello());
  std::string message = error_of(reply);
  EXPECT_NE(message.find("no model 'test-model'"), std::string::npos);
  EXPECT_NE(reply.error().fix.find("--model"), std::string::npos);
}

TEST(ChatClientFaults, RateLimitWithRetryAfterIsHonouredThenSucceeds) {
  ScriptedServer server(R"({"responses":[{"status":429,"headers":{"Retry-After":"1"},"json":{"error":{"message":"slow down"}}},
    {"reply":{"content":"ok"}}]})");
  ChatClient client(config_for(server.base_url()), fast_retries());
  auto start = Clock::now();
  auto reply = client.complete(hello());
  ASSERT_TRUE(reply) << reply.error().message;
  EXPECT_GE(seconds_since(start), 0.95);
  EXPECT_EQ(reply->attempts, 2);
}

TEST(ChatClientFaults, RetryAfterIsCappedAndRetriesAreBounded) {
  ScriptedServer server(R"({"responses":[{"status":429,"headers":{"Retry-After":"3600"},"repeat":5}]})");
  ClientOptions options = fast_retries();
  options.retry_after_cap_seconds = 0.2;
  ChatClient client(config_for(server.base_url()), options);
  auto start = Clock::now();
  std::string message = error_of(client.complete(hello()));
  EXPECT_NE(message.find("HTTP 429"), std::string::npos);
  EXPECT_NE(message.find("gave up after 3 attempts"), std::string::npos);
  EXPECT_LT(seconds_since(start), 2.0);
  EXPECT_EQ(server.requests().size(), 3u);
}

TEST(ChatClientFaults, RateLimitWithoutRetryAfterBacksOff) {
  ScriptedServer server(R"({"responses":[{"status":429,"body":"busy"},{"reply":{"content":"ok"}}]})");
  ChatClient client(config_for(server.base_url()), fast_retries());
  auto reply = client.complete(hello());
  ASSERT_TRUE(reply) << reply.error().message;
  EXPECT_EQ(reply->attempts, 2);
}

TEST(ChatClientFaults, ServerErrorsAreRetriedThenReported) {
  ScriptedServer recovering(R"({"responses":[{"status":502,"body":"bad gateway"},{"reply":{"content":"ok"}}]})");
  ChatClient ok(config_for(recovering.base_url()), fast_retries());
  ASSERT_TRUE(ok.complete(hello()));
  ScriptedServer failing(R"({"responses":[{"status":503,"json":{"error":{"message":"overloaded"}},"repeat":9}]})");
  ChatClient bad(config_for(failing.base_url()), fast_retries());
  std::string message = error_of(bad.complete(hello()));
  EXPECT_NE(message.find("HTTP 503"), std::string::npos);
  EXPECT_NE(message.find("overloaded"), std::string::npos);
  EXPECT_EQ(failing.requests().size(), 3u);
}

TEST(ChatClientFaults, MalformedJson) {
  ScriptedServer server(R"({"responses":[{"body":"{\"choices\": [ oops"}]})");
  ChatClient client(config_for(server.base_url()), fast_retries());
  EXPECT_NE(error_of(client.complete(hello())).find("not valid JSON"), std::string::npos);
}

TEST(ChatClientFaults, StreamCutMidWay) {
  ScriptedServer server(R"({"responses":[{"reply":{"content":"a long answer that will not arrive whole"},"cut_after":2}]})");
  ChatClient client(config_for(server.base_url(), true), fast_retries());
  EXPECT_NE(error_of(client.complete(hello())).find("cut mid-way"), std::string::npos);
}

TEST(ChatClientFaults, StreamEndingWithoutMarkerIsCut) {
  ScriptedServer server(R"({"responses":[{"sse":["{\"choices\":[{\"delta\":{\"content\":\"par\"}}]}"]}]})");
  ChatClient client(config_for(server.base_url(), true), fast_retries());
  EXPECT_NE(error_of(client.complete(hello())).find("cut mid-way"), std::string::npos);
}

TEST(ChatClientFaults, NonStreamBodyCutMidWay) {
  ScriptedServer server(R"({"responses":[{"reply":{"content":"whole body"},"cut_after":10}]})");
  ChatClient client(config_for(server.base_url()), fast_retries());
  EXPECT_NE(error_of(client.complete(hello())).find("cut mid-way"), std::string::npos);
}

TEST(ChatClientFaults, OversizedAnswerIsDropped) {
  ScriptedServer server(R"({"responses":[{"reply":{"content_bytes":300000}},{"reply":{"content_bytes":300000}}]})");
  ClientOptions options = fast_retries();
  options.max_response_bytes = 64 << 10;
  ChatClient whole(config_for(server.base_url()), options);
  EXPECT_NE(error_of(whole.complete(hello())).find("64 KiB cap"), std::string::npos);
  ChatClient streamed(config_for(server.base_url(), true), options);
  EXPECT_NE(error_of(streamed.complete(hello())).find("64 KiB cap"), std::string::npos);
}

TEST(ChatClientFaults, CtrlCWhileWaitingAbortsAtOnce) {
  ScriptedServer server(R"({"responses":[{"delay_ms":10000,"reply":{"content":"late"}}]})");
  ClientOptions options = fast_retries();
  options.stop_fd = install_stop_signal_pipe();
  drain_stop_signal_pipe();
  ChatClient client(config_for(server.base_url(), true), options);
  std::thread interrupter([] {
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    kill(getpid(), SIGINT);
  });
  auto start = Clock::now();
  auto reply = client.complete(hello());
  interrupter.join();
  EXPECT_NE(error_of(reply).find("interrupted"), std::string::npos);
  EXPECT_LT(seconds_since(start), 1.5);
  drain_stop_signal_pipe();
}

}  // namespace
}  // namespace gpttrace
