// Turns SIGINT/SIGTERM/SIGHUP into a readable file descriptor (self-pipe), so event loops can poll it.
#pragma once

namespace gpttrace {

// Installs handlers once; returns the read end of the self-pipe. Each received signal writes one byte
// (the signal number) to it. Safe to call more than once.
int install_stop_signal_pipe();

// The last stop signal received (0 if none); reading it does not consume it.
int last_stop_signal();

// Reads and discards pending bytes from the pipe; returns the number of signals drained.
int drain_stop_signal_pipe();

}  // namespace gpttrace
