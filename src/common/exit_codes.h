// The process exit codes of gpttrace: a documented contract for scripts and tests (see README).
#pragma once

namespace gpttrace {

enum ExitCode : int {
  kExitOk = 0,
  kExitBpftraceFailed = 1,   // bpftrace failed to compile, attach or run the program
  kExitUsage = 2,            // bad command line or input (unknown flag, empty request, bad PID or path)
  kExitNotUnderstood = 3,    // the request could not be turned into a program
  kExitRejected = 4,         // the program failed gpttrace's checks and was not loaded
  kExitEnvironment = 5,      // missing privileges or tools (not root, no bpftrace, no tracefs)
  kExitNotConfirmed = 6,     // the user declined, or no terminal to ask and no --yes
  kExitOutputFailed = 7,     // results could not be written (stdout failed other than a closed pipe, or a
                             // --report/--flamegraph/--folded file)
  kExitInterrupted = 130,    // Ctrl-C before anything ran
};

}  // namespace gpttrace
