// The recipe for any tracepoint of the catalog (EventKind::Tracepoint): its fields as keys, columns, the
// value and conditions, and its end event (when the spec has one) for latency.
#include <algorithm>

#include <fmt/format.h>

#include "codegen/recipe.h"
#include "plan/catalog_bridge.h"

namespace gpttrace::codegen {

namespace {

std::optional<Tracepoint> lookup(const KernelCatalog& catalog, const std::string& full) {
  size_t colon = full.find(':');
  if (colon == std::string::npos) return std::nullopt;
  return catalog.tracepoint(full.substr(0, colon), full.substr(colon + 1));
}

const TracepointField* find_field(const Tracepoint& tp, const std::string& name) {
  for (const TracepointField& f : tp.fields)
    if (f.name == name) return &f;
  return nullptr;
}

bool is_string(const TracepointField& f) {
  return f.data_loc || (f.type.find("char") != std::string::npos && f.type.find('[') != std::string::npos);
}

// Kernel code addresses are shown as symbols.
bool code_address(const TracepointField& f) {
  bool integer = f.type.find("long") != std::string::npos && f.type.find('[') == std::string::npos;
  return (f.type.find('*') != std::string::npos || integer) &&
         (f.name == "function" || f.name == "call_site" || f.name == "location" || f.name == "ip" ||
          f.name.ends_with("_fn") || f.name == "func" || f.name == "action" || f.name == "caller");
}

Expr field_expr(const TracepointField& f, Site site) {
  Expr e;
  e.site = site;
  e.text = "args->" + f.name;
  if (is_string(f)) {
    e.user_string = f.data_loc;  // __data_loc strings are read with str(); char arrays print as they are
    e.fmt = "%s";
  } else if (code_address(f)) {
    e.text = "ksym(args->" + f.name + ")";
    e.fmt = "%s";
  } else if (f.type.find('*') != std::string::npos || f.name.ends_with("addr")) {
    e.fmt = "0x%lx";
  } else {
    e.fmt = f.is_signed ? "%d" : "%u";
  }
  return e;
}

// Columns of a listing nobody named: the event's scalar and string fields, not raw pointers.
std::vector<std::string> useful_fields(const Tracepoint& tp) {
  std::vector<std::string> out;
  for (const TracepointField& f : tp.fields) {
    bool pointer = f.type.find('*') != std::string::npos && !code_address(f);
    bool array = f.type.find('[') != std::string::npos && !is_string(f);
    if (pointer || array || f.name.ends_with("addr") || f.name == "skbaddr") continue;
    out.push_back(f.name);
    if (out.size() == 6) break;
  }
  return out;
}

std::string upper(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

}  // namespace

Result<Recipe> catalog_recipe(const RecipeContext& ctx) {
  const CatalogEvent& ce = ctx.spec.catalog;
  std::optional<Tracepoint> begin = lookup(ctx.catalog, ce.tracepoint);
  if (!begin) return fail(fmt::format("this kernel has no tracepoint {}", ce.tracepoint),
                          "see `gpttrace probes` for the tracepoints it has");
  std::optional<Tracepoint> end;
  if (!ce.end_tracepoint.empty()) {
    end = lookup(ctx.catalog, ce.end_tracepoint);
    if (!end) return fail(fmt::format("this kernel has no tracepoint {}", ce.end_tracepoint));
  }
  Recipe r;
  r.noun = begin->name;
  r.what_en = begin->full_name() + " events";
  r.what_zh = begin->full_name() + " 事件";
  r.process_context = plan::in_process_context(begin->category, begin->name);
  if (end) {
    r.begin = {"tracepoint:" + begin->full_name()};
    r.end = {"tracepoint:" + end->full_name()};
    // Interrupt-side work runs to completion on one CPU; process-side work on one thread.
    r.begin_key = r.end_key = r.process_context ? "tid" : "cpu";
  } else {
    r.end = {"tracepoint:" + begin->full_name()};
  }

  // A field lives at the begin probe when it has it, else at the end.
  auto expr_of = [&](const std::string& name) -> Result<Expr> {
    if (const TracepointField* f = find_field(*begin, name)) return field_expr(*f, end ? Site::Begin : Site::Any);
    if (end)
      if (const TracepointField* f = find_field(*end, name)) return field_expr(*f, Site::End);
    return fail(fmt::format("{} has no field {}", ce.tracepoint, name));
  };
  for (const std::string& name : ce.key_fields) {
    auto e = expr_of(name);
    if (!e) return tl::unexpected(e.error());
    r.field_keys.emplace_back(name, *e);
  }
  if (!ce.value_field.empty()) {
    auto e = expr_of(ce.value_field);
    if (!e) return tl::unexpected(e.error());
    r.measures[Measure::Value] = *e;
    // The length a call returns ("sock_recv_length" ret) is bytes.
    r.value_name = ce.value_field == "ret" && begin->name.find("length") != std::string::npos ? "bytes" : ce.value_field;
  }
  std::vector<std::string> begin_conds, end_conds;
  for (const FieldFilter& ff : ce.filters) {
    auto e = expr_of(ff.field);
    if (!e) return tl::unexpected(e.error());
    std::string cond = fmt::format("{} {} {}", e->text, comparison_symbol(ff.op), ff.value);
    (e->site == Site::End || !end ? end_conds : begin_conds).push_back(cond);
  }
  auto joined = [](const std::vector<std::string>& conds) {
    std::string out;
    for (const std::string& c : conds) out += (out.empty() ? "" : " && ") + c;
    return out;
  };
  r.begin_cond = joined(begin_conds);
  r.end_cond = joined(end_conds);
  std::vector<std::string> shown = ce.show_fields.empty() ? useful_fields(*begin) : ce.show_fields;
  for (const std::string& name : shown) {
    auto e = expr_of(name);
    if (!e) return tl::unexpected(e.error());
    r.details.push_back(Detail{upper(name), *e});
  }
  return r;
}

}  // namespace gpttrace::codegen
