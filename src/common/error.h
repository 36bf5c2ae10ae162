// System failures that stop an operation: a message, the fix to suggest, and the errno if there was one.
#pragma once

#include <string>
#include <tl/expected.hpp>

namespace gpttrace {

struct Error {
  std::string message;  // what went wrong, one line
  std::string fix;      // how the user fixes it; may be empty
  int errnum = 0;       // errno when a system call failed, else 0
};

template <typename T>
using Result = tl::expected<T, Error>;

inline tl::unexpected<Error> fail(std::string message, std::string fix = {}, int errnum = 0) {
  return tl::unexpected<Error>(Error{std::move(message), std::move(fix), errnum});
}

}  // namespace gpttrace
