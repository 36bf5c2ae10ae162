// bpftrace dialect differences between versions, and choosing tracepoints that have the fields a block reads.
#include <algorithm>
#include <regex>

#include "codegen/program_parts.h"

namespace gpttrace::codegen {

namespace {

void replace_all(std::string& text, std::string_view from, std::string_view to) {
  for (size_t pos = text.find(from); pos != std::string::npos; pos = text.find(from, pos + to.size()))
    text.replace(pos, from.size(), to);
}

}  // namespace

std::string apply_dialect(std::string source, const BpftraceInfo& bpftrace) {
  if (bpftrace.args_dot) replace_all(source, "args->", "args.");
  if (bpftrace.fentry_spelling) {
    replace_all(source, "kretfunc:", "fexit:");
    replace_all(source, "kfunc:", "fentry:");
  }
  return source;
}

std::vector<std::string> referenced_fields(std::string_view block) {
  static const std::regex field(R"(\bargs->([A-Za-z_][A-Za-z0-9_]*))");
  std::vector<std::string> out;
  for (std::cregex_iterator it(block.begin(), block.end(), field), end; it != end; ++it) out.push_back((*it)[1]);
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::vector<std::string> points_with_fields(const KernelCatalog& catalog, const std::vector<std::string>& points,
                                            const std::vector<std::string>& fields,
                                            std::vector<std::string>* dropped) {
  std::vector<std::string> kept;
  for (const std::string& point : points) {
    constexpr std::string_view prefix = "tracepoint:";
    if (point.rfind(prefix, 0) != 0) {
      kept.push_back(point);
      continue;
    }
    std::string_view rest = std::string_view(point).substr(prefix.size());
    size_t colon = rest.find(':');
    auto tp = catalog.tracepoint(rest.substr(0, colon), rest.substr(colon + 1));
    bool ok = tp.has_value() && std::all_of(fields.begin(), fields.end(), [&](const std::string& name) {
      return std::any_of(tp->fields.begin(), tp->fields.end(),
                         [&](const TracepointField& f) { return f.name == name; });
    });
    if (ok)
      kept.push_back(point);
    else if (dropped)
      dropped->push_back(point);
  }
  return kept;
}

}  // namespace gpttrace::codegen
