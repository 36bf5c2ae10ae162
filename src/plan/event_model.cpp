// Reads the event model from the compiled-in texts of src/plan/events/*.json, checking every name it uses.
#include "plan/event_model.h"

#include <algorithm>
#include <stdexcept>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace gpttrace {

namespace {

using Json = nlohmann::ordered_json;

constexpr FilterKind kFilterKinds[] = {
    FilterKind::Pid,    FilterKind::Tid,       FilterKind::Comm,     FilterKind::Uid,      FilterKind::Path,
    FilterKind::Port,   FilterKind::Cgroup,    FilterKind::Signal,   FilterKind::Threshold, FilterKind::Failures,
    FilterKind::TargetPid};

// "@process" in a file stands for what every event in a process's context has.
const std::vector<Key> kProcessKeys = {Key::Comm, Key::Pid, Key::Tid, Key::Uid, Key::Cpu};
const std::vector<FilterKind> kProcessFilters = {FilterKind::Pid, FilterKind::Tid, FilterKind::Comm, FilterKind::Uid,
                                                 FilterKind::Cgroup};

constexpr std::pair<EventCue, std::string_view> kCueNames[] = {
    {EventCue::Signal, "signal"},          {EventCue::Frequency, "frequency"},
    {EventCue::Stacks, "stacks"},          {EventCue::KernelFunction, "kernel_function"},
    {EventCue::UserFunction, "user_function"}, {EventCue::SyscallName, "syscall_name"}};

constexpr std::pair<ProcessSide, std::string_view> kSideNames[] = {
    {ProcessSide::Parent, "parent"}, {ProcessSide::Child, "child"}, {ProcessSide::Target, "target"},
    {ProcessSide::Sender, "sender"}};
constexpr std::pair<SideRole, std::string_view> kRoleNames[] = {
    {SideRole::Self, "self"}, {SideRole::Shown, "shown"}, {SideRole::TargetPid, "target_pid"}};

[[noreturn]] void malformed(const std::string& file, const std::string& what) {
  throw std::logic_error(fmt::format("src/plan/events/{}.json: {}", file, what));
}

std::vector<std::string> strings(const Json& j, const std::string& file, const char* field) {
  std::vector<std::string> out;
  if (j.is_null()) return out;
  if (!j.is_array()) malformed(file, fmt::format("{} must be a list of strings", field));
  for (const Json& item : j) {
    if (!item.is_string()) malformed(file, fmt::format("{} must be a list of strings", field));
    out.push_back(item.get<std::string>());
  }
  return out;
}

template <typename T, typename FromName>
std::vector<T> named_list(const Json& j, const std::string& file, const char* field, const std::vector<T>& process,
                          FromName from_name) {
  std::vector<T> out;
  for (const std::string& name : strings(j, file, field)) {
    if (name == "@process") {
      out.insert(out.end(), process.begin(), process.end());
    } else if (std::optional<T> value = from_name(name)) {
      out.push_back(*value);
    } else {
      malformed(file, fmt::format("unknown {} '{}'", field, name));
    }
  }
  return out;
}

std::optional<FilterKind> filter_from_name(std::string_view name) {
  for (FilterKind f : kFilterKinds)
    if (filter_kind_name(f) == name) return f;
  return std::nullopt;
}

std::string text_at(const Json& j, const char* field) {
  return j.contains(field) && j[field].is_string() ? j[field].get<std::string>() : "";
}

EventModel read_model(EventKind kind, const Json& j) {
  EventModel m{.kind = kind};
  m.name = text_at(j, "name");
  const std::string& file = m.name;
  if (m.name.empty()) malformed("?", "no name");
  m.about = text_at(j, "about");
  m.noun = text_at(j, "noun");
  if (j.contains("what")) m.what_en = text_at(j["what"], "en"), m.what_zh = text_at(j["what"], "zh");
  m.catalog = j.value("catalog", false);
  m.direction = text_at(j, "direction");
  m.stack = j.contains("stack") ? text_at(j, "stack") : "kernel";
  if (m.stack != "user" && m.stack != "kernel") malformed(file, "stack must be user or kernel");
  if (!m.direction.empty() && m.direction != "send" && m.direction != "receive")
    malformed(file, "direction must be send or receive");
  if (j.contains("words"))
    for (const char* language : {"en", "zh"}) {
      const Json phrases = j["words"].value(language, Json::object());
      for (const auto& [phrase, weight] : phrases.items()) {
        if (!weight.is_number_integer() || weight.get<int>() < 1 || weight.get<int>() > 5)
          malformed(file, fmt::format("the weight of '{}' must be 1 to 5", phrase));
        m.words.push_back({phrase, weight.get<int>()});
      }
    }
  const Json cues = j.value("cues", Json::object());
  for (const auto& item : cues.items()) {
    const std::string cue = item.key();
    const Json& weight = item.value();
    auto known = std::find_if(std::begin(kCueNames), std::end(kCueNames), [&](const auto& c) { return c.second == cue; });
    if (known == std::end(kCueNames)) malformed(file, fmt::format("unknown cue '{}'", cue));
    if (!weight.is_number_integer()) malformed(file, fmt::format("the weight of cue '{}' must be a number", cue));
    m.cues[known->first] = weight.get<int>();
  }
  const Json sides = j.value("sides", Json::object());
  for (const auto& item : sides.items()) {
    // Named copies: clang before 16 can't capture structured bindings in lambdas.
    const std::string side = item.key();
    const std::string role = item.value().is_string() ? item.value().get<std::string>() : "";
    auto known = std::find_if(std::begin(kSideNames), std::end(kSideNames), [&](const auto& s) { return s.second == side; });
    auto how = std::find_if(std::begin(kRoleNames), std::end(kRoleNames), [&](const auto& r) { return r.second == role; });
    if (known == std::end(kSideNames)) malformed(file, fmt::format("unknown side '{}'", side));
    if (how == std::end(kRoleNames)) malformed(file, fmt::format("side '{}' must be self, shown or target_pid", side));
    m.sides[known->first] = how->first;
  }
  if (j.contains("syscalls")) {
    const Json& s = j["syscalls"];
    m.traced_syscalls = strings(s.value("traced", Json()), file, "syscalls.traced");
    m.named_syscalls = strings(s.value("named", Json()), file, "syscalls.named");
    m.word_syscalls = strings(s.value("words", Json()), file, "syscalls.words");
    const Json glibc = s.value("glibc", Json::object());
    for (const auto& [function, syscalls] : glibc.items()) m.glibc[function] = strings(syscalls, file, "syscalls.glibc");
  }
  if (j.contains("uprobe")) {
    m.uprobe = true;
    m.uprobe_binary = text_at(j["uprobe"], "binary");
    m.uprobe_function = text_at(j["uprobe"], "function");
  }
  m.tools = strings(j.value("tools", Json()), file, "tools");
  m.recipe = text_at(j, "recipe");
  if (m.recipe.empty()) malformed(file, "no recipe family");

  EventTraits& t = m.traits;
  t.kind = kind;
  t.measures = named_list<Measure>(j.value("measures", Json()), file, "measure", {}, measure_from_name);
  t.keys = named_list<Key>(j.value("keys", Json()), file, "key", kProcessKeys, key_from_name);
  t.filters = named_list<FilterKind>(j.value("filters", Json()), file, "filter", kProcessFilters, filter_from_name);
  if (t.measures.empty()) malformed(file, "no measures");
  const Json defaults = j.value("default", Json::object());
  std::optional<Aggregation> compute = aggregation_from_name(text_at(defaults, "compute"));
  if (!compute) malformed(file, "default.compute must name a computation (list, count, sum, hist, ...)");
  t.default_aggregation = *compute;
  t.default_keys = named_list<Key>(defaults.value("by", Json()), file, "key", kProcessKeys, key_from_name);
  const Json examples = j.value("examples", Json::object());
  t.example_en = text_at(examples, "en");
  t.example_zh = text_at(examples, "zh");
  return m;
}

std::vector<EventModel> load_models() {
  std::vector<Json> files;
  std::vector<EventModel> models;
  for (size_t k = 0; k < kEventKindCount; ++k) {
    files.push_back(Json::parse(kEventModelTexts[k]));
    models.push_back(read_model(static_cast<EventKind>(k), files.back()));
  }
  // Other events are named by name: resolve them once every model is known.
  for (size_t k = 0; k < kEventKindCount; ++k) {
    const Json& j = files[k];
    auto resolve = [&](const char* field, std::vector<EventKind>& into) {
      for (const std::string& name : strings(j.value(field, Json()), models[k].name, field)) {
        auto other = std::find_if(models.begin(), models.end(), [&](const EventModel& m) { return m.name == name; });
        if (other == models.end()) malformed(models[k].name, fmt::format("{} names unknown event '{}'", field, name));
        into.push_back(other->kind);
      }
    };
    resolve("absorbs", models[k].absorbs);
    resolve("cannot_tell", models[k].cannot_tell);
  }
  return models;
}

}  // namespace

std::string_view process_side_name(ProcessSide side) {
  for (const auto& [known, name] : kSideNames)
    if (known == side) return name;
  return "?";
}

std::string_view filter_kind_name(FilterKind filter) {
  switch (filter) {
    case FilterKind::Pid: return "pid";
    case FilterKind::Tid: return "tid";
    case FilterKind::Comm: return "comm";
    case FilterKind::Uid: return "uid";
    case FilterKind::Path: return "path";
    case FilterKind::Port: return "port";
    case FilterKind::Cgroup: return "cgroup";
    case FilterKind::Signal: return "signal";
    case FilterKind::Threshold: return "threshold";
    case FilterKind::Failures: return "failures";
    case FilterKind::TargetPid: return "target_pid";
  }
  return "?";
}

const std::vector<EventModel>& event_models() {
  static const std::vector<EventModel> models = load_models();
  return models;
}

const EventModel& event_model(EventKind kind) { return event_models()[static_cast<size_t>(kind)]; }

const EventModel* event_model_named(std::string_view name) {
  for (const EventModel& m : event_models())
    if (m.name == name) return &m;
  return nullptr;
}

// The planner asks about syscall names token by token: both lookups are indexed once, from every model.
std::optional<SyscallOwner> syscall_owner(std::string_view name) {
  static const std::map<std::string, SyscallOwner, std::less<>> owners = [] {
    std::map<std::string, SyscallOwner, std::less<>> index;
    for (const EventModel& m : event_models())
      for (const auto* names : {&m.traced_syscalls, &m.named_syscalls})
        for (const std::string& syscall : *names) {
          bool word = std::find(m.word_syscalls.begin(), m.word_syscalls.end(), syscall) != m.word_syscalls.end();
          index.emplace(syscall, SyscallOwner{m.kind, word});  // the first file to name it, as a scan would find
        }
    return index;
  }();
  auto it = owners.find(name);
  return it == owners.end() ? std::nullopt : std::optional(it->second);
}

const std::vector<std::string>& glibc_implementation(std::string_view name) {
  static const std::map<std::string, std::vector<std::string>, std::less<>> implementations = [] {
    std::map<std::string, std::vector<std::string>, std::less<>> index;
    for (const EventModel& m : event_models()) index.insert(m.glibc.begin(), m.glibc.end());
    return index;
  }();
  static const std::vector<std::string> none;
  auto it = implementations.find(name);
  return it == implementations.end() ? none : it->second;
}

}  // namespace gpttrace
