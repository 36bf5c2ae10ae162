// Hides secrets given on the command line from other users: /proc/PID/cmdline shows argv's memory.
#pragma once

#include <span>
#include <string_view>

namespace gpttrace {

// Overwrites, in place, the value of every option in `secret_options` ("-k", "--key"): "-k VALUE",
// "-kVALUE", "--key VALUE" and "--key=VALUE". The value's bytes become '*' (its length stays visible).
// Returns how many values were hidden. Call it first thing in main, after copying argv.
int scrub_secret_arguments(int argc, char** argv, std::span<const std::string_view> secret_options);

}  // namespace gpttrace
