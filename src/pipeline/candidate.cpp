// Names of program origins, for logs and machine-readable answers.
#include "pipeline/candidate.h"

namespace gpttrace {

std::string_view origin_name(Origin origin) {
  switch (origin) {
    case Origin::Planner: return "planner";
    case Origin::Llm: return "llm";
    case Origin::User: return "user";
    case Origin::File: return "file";
  }
  return "user";
}

}  // namespace gpttrace
