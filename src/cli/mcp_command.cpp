// `gpttrace mcp`: opens the live catalog and serves MCP on stdio with the command line's policy.
#include <unistd.h>

#include <csignal>

#include "cli/commands.h"
#include "kernel/catalog.h"
#include "mcp/server.h"
#include "pipeline/environment.h"

namespace gpttrace {

int mcp_command(const Options& options, bool read_only) {
  std::signal(SIGPIPE, SIG_IGN);  // a client that goes away must not kill the server before it cleans up
  // Read-only needs no privileges: planning, checks and listings work with what the catalog can see.
  Outcome<std::unique_ptr<KernelCatalog>> catalog = open_live_catalog(!read_only, StageLog(options.verbose));
  if (!catalog) return report_failure(catalog.error());
  Session session = cli_session(options, **catalog);
  session.limits.max_duration = std::chrono::seconds(3700);  // start_trace's longest run, plus the stop sequence
  mcp::ServerOptions server;
  server.read_only = read_only;
  return mcp::serve(session, server, STDIN_FILENO, STDOUT_FILENO);
}

}  // namespace gpttrace
