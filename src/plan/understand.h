// Offline understanding of tracing requests in English and Chinese: request text -> TraceSpec.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "plan/trace_spec.h"

namespace gpttrace {

class KernelCatalog;

struct Understanding {
  std::optional<TraceSpec> spec;         // set when the request was understood completely
  std::string message;                   // when refused: one line saying what was not understood
  std::vector<std::string> suggestions;  // when refused: the closest three requests it can handle
};

// Understands `request`. Every filter, threshold, grouping and number in the request must end up in the
// spec; when a part cannot be placed, the request is refused rather than guessed. `catalog` (optional)
// lets it recognise binaries ("nginx", "/usr/bin/bash") and kernel functions ("vfs_read").
Understanding understand_request(std::string_view request, const KernelCatalog* catalog = nullptr);

}  // namespace gpttrace
