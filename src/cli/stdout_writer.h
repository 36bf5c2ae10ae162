// Every result byte gpttrace prints goes through here, so a closed or full stdout is noticed at once.
#pragma once

#include <string_view>

namespace gpttrace {

// Writes all of `text` to stdout (fd 1). On the first failure it stops writing for good and asks a running
// trace to stop the way Ctrl-C does (SIGINT to itself, which the runner's stop pipe turns into its normal
// stop sequence). Returns false once stdout has failed.
bool write_stdout(std::string_view text);

// 0 while stdout works; else the errno of the first failed write (EPIPE: the reader went away, as with
// `| head -1`, which is not an error; ENOSPC, EIO, ...: results were lost).
int stdout_error();

}  // namespace gpttrace
