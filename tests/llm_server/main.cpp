// llm_server: runs a ScriptedServer until SIGTERM or SIGINT; prints its port and a newline when ready.
// Usage: llm_server SCRIPT.json [REQUEST_LOG]   (REQUEST_LOG: each request's body, see set_log_file)
#include <poll.h>
#include <signal.h>
#include <unistd.h>

#include <cstdio>
#include <exception>

#include "scripted_server.h"

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: llm_server SCRIPT.json [REQUEST_LOG]\n");
    return 2;
  }
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);  // server threads inherit the mask; sigwait below
  try {
    auto server = gpttrace::testing::ScriptedServer::from_file(argv[1]);
    if (argc > 2) server->set_log_file(argv[2]);
    std::printf("%d\n", server->port());
    std::fflush(stdout);
    int sig = 0;
    sigwait(&stop_signals, &sig);
    server->stop();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "llm_server: %s\n", e.what());
    return 1;
  }
  return 0;
}
