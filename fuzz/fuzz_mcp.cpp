// Fuzzes the MCP server's message handling: bytes as what a client writes to its stdin (JSON-RPC lines),
// served in-process on the fixture catalog with a runner that replays a recorded trace, so nothing loads
// into the kernel and no bpftrace runs. Every line the server writes back must be a JSON-RPC 2.0 message.
#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "kernel/fixture_catalog.h"
#include "mcp/server.h"
#include "replay_runner.h"

namespace {

struct World {
  World() {
    catalog.bpftrace_.found = false;  // check_program's compile check would run bpftrace -d
  }
  gpttrace::FixtureCatalog catalog = gpttrace::load_fixture_catalog(GPTTRACE_FIXTURES_DIR "/kernel/tracefs");
  gpttrace::Session session{catalog, gpttrace::Policy{}, gpttrace::StageLog(false)};
  gpttrace::test_cases::ReplayRunner runner{
      {R"({"type": "attached_probes", "data": {"probes": 1}})", R"({"type": "printf", "data": "cat 2\n"})",
       R"({"type": "map", "data": {"@opens": {"cat,2": 31, "ls,13": 4}}})",
       R"({"type": "hist", "data": {"@us": [{"min": 1, "max": 1, "count": 5}]}})"},
      gpttrace::test_cases::stopped_after_attach()};
};

// The whole of what the server wrote to `fd` (a memfd).
std::string written(int fd) {
  std::string out;
  char buf[65536];
  ::lseek(fd, 0, SEEK_SET);
  for (ssize_t n; (n = ::read(fd, buf, sizeof buf)) > 0;) out.append(buf, static_cast<size_t>(n));
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static World world;
  int in[2];
  if (::pipe2(in, O_CLOEXEC) != 0) std::abort();
  ::fcntl(in[1], F_SETPIPE_SZ, 1 << 20);  // the whole input fits: written at once, then end of input
  if (::write(in[1], data, size) != static_cast<ssize_t>(size)) std::abort();
  ::close(in[1]);
  int out = ::memfd_create("mcp_out", MFD_CLOEXEC);
  if (out < 0) std::abort();
  gpttrace::mcp::ServerOptions options;
  options.max_traces = 2;
  options.max_calls = 4;
  gpttrace::mcp::serve_with(world.session, options, world.runner, in[0], out);
  ::close(in[0]);
  std::string replies = written(out);
  ::close(out);
  for (size_t start = 0, nl; (nl = replies.find('\n', start)) != std::string::npos; start = nl + 1) {
    nlohmann::json message =
        nlohmann::json::parse(std::string_view(replies).substr(start, nl - start), nullptr, false);
    if (message.is_discarded() || !message.is_object() || message.value("jsonrpc", "") != "2.0") std::abort();
    if (!message.contains("method") && !message.contains("result") && !message.contains("error"))
      std::abort();
  }
  return 0;
}
