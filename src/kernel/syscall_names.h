// System call numbers to names for the architecture gpttrace was built for (raw_syscalls only has ids).
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace gpttrace {

// "read" for 0 on x86_64; nullopt for numbers this architecture's table does not have.
std::optional<std::string_view> syscall_name(int64_t number);

}  // namespace gpttrace
