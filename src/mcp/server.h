// `gpttrace mcp`: the MCP server over stdio. Reads one JSON-RPC message per line from stdin, answers on
// stdout, logs on stderr; tool calls run on their own threads so pings, cancellations and other calls
// are answered meanwhile. Ends when stdin closes (or on SIGINT/SIGTERM/SIGHUP): every trace is stopped
// and waited for first.
#pragma once

#include "pipeline/run.h"
#include "pipeline/session.h"

namespace gpttrace::mcp {

struct ServerOptions {
  bool read_only = false;   // hide the tools that load programs
  size_t max_traces = 4;    // traces running at once
  size_t max_calls = 16;    // tool calls in progress at once
};

// Serves until stdin closes; returns the process exit code (0).
int serve(const Session& session, const ServerOptions& options, int in_fd, int out_fd);

// The same loop with traces run by `runner` (serve() uses a BpftraceRunner): the fuzzer and tests give a
// runner that loads nothing. Reads in_fd until end of input or a stop signal, then stops every trace.
int serve_with(const Session& session, const ServerOptions& options, Runner& runner, int in_fd, int out_fd);

}  // namespace gpttrace::mcp
