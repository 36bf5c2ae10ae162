// Recipe dispatch and the helpers the per-family recipe builders share.
#include <algorithm>
#include <map>

#include <fmt/format.h>

#include "codegen/recipe.h"
#include "plan/event_model.h"

namespace gpttrace::codegen {

std::vector<std::string> present_tracepoints(const KernelCatalog& catalog, std::string_view category,
                                             const std::vector<std::string>& names) {
  std::vector<std::string> out;
  for (const std::string& name : names)
    if (catalog.tracepoint(category, name)) out.push_back(fmt::format("tracepoint:{}:{}", category, name));
  return out;
}

Result<void> use_syscalls(const RecipeContext& ctx, Recipe& recipe, std::vector<std::string> variants) {
  if (!ctx.spec.syscalls.empty()) {
    // The request named syscalls: trace those of this family (or exactly those for plain syscalls), plus
    // the syscalls glibc implements them with.
    std::vector<std::string> named;
    auto add = [&](const std::string& name) {
      if (std::find(named.begin(), named.end(), name) != named.end()) return;
      if (variants.empty() || std::find(variants.begin(), variants.end(), name) != variants.end())
        named.push_back(name);
    };
    for (const std::string& name : ctx.spec.syscalls) {
      add(name);
      for (const std::string& real : glibc_implementation(name)) {
        if (!ctx.catalog.tracepoint("syscalls", "sys_enter_" + real)) continue;
        size_t before = named.size();
        add(real);
        if (named.size() > before)
          recipe.notes.push_back(fmt::format("also tracing {}: glibc's {}() is implemented with it", real, name));
      }
    }
    if (named.empty())
      return fail(fmt::format("{} is not one of the system calls for {} ({})", fmt::join(ctx.spec.syscalls, ", "),
                              event_model(ctx.spec.event).what_en, fmt::join(variants, ", ")));
    variants = named;
    recipe.requested = named;
  }
  std::vector<std::string> missing;
  for (const std::string& name : variants) {
    bool enter = ctx.catalog.tracepoint("syscalls", "sys_enter_" + name).has_value();
    bool exit = ctx.catalog.tracepoint("syscalls", "sys_exit_" + name).has_value();
    if (enter) recipe.begin.push_back("tracepoint:syscalls:sys_enter_" + name);
    if (enter && exit) recipe.end.push_back("tracepoint:syscalls:sys_exit_" + name);
    if (!enter) missing.push_back(name);
  }
  if (recipe.begin.empty())
    return fail(fmt::format("this kernel has no syscalls:sys_enter_{} tracepoint", fmt::join(variants, "/sys_enter_")),
                "check `gpttrace probes 'syscalls:*'` for the system calls this kernel can trace");
  if (!recipe.requested.empty() && !missing.empty())
    recipe.notes.push_back(fmt::format("this kernel has no tracepoint for {}: not traced", fmt::join(missing, ", ")));
  recipe.paired_syscalls = true;
  return {};
}

const std::vector<std::string>& family_syscalls(const RecipeContext& ctx) {
  return event_model(ctx.spec.event).traced_syscalls;
}

std::string quote(std::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out + "\"";
}

namespace {

using Builder = Result<Recipe> (*)(const RecipeContext&);

// The recipe builders by the family name event models give ("recipe": "file").
const std::map<std::string, Builder, std::less<>>& families() {
  static const std::map<std::string, Builder, std::less<>> table = {
      {"file", file_recipe}, {"process", process_recipe}, {"sched", sched_recipe},
      {"net", net_recipe},   {"user", user_recipe},       {"catalog", catalog_recipe}};
  return table;
}

}  // namespace

bool has_recipe_family(std::string_view family) { return families().contains(family); }

Result<Recipe> make_recipe(const RecipeContext& ctx) {
  const EventModel& model = event_model(ctx.spec.event);
  auto family = families().find(model.recipe);
  if (family == families().end())
    return fail(fmt::format("{} names no known recipe family '{}'", model.name, model.recipe));
  Result<Recipe> recipe = family->second(ctx);
  if (!recipe) return recipe;
  // The event's names come from its model unless the recipe chose them (a rate, a function's name).
  if (recipe->noun.empty()) recipe->noun = model.noun;
  if (recipe->what_en.empty()) recipe->what_en = model.what_en, recipe->what_zh = model.what_zh;
  return recipe;
}

}  // namespace gpttrace::codegen
