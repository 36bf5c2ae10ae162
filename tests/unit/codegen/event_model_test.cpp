// The facts about an event kind live in its event-model file (src/plan/events/*.json), read by the planner,
// codegen and tool mode, and in the bridge to catalog tracepoints; these tests fail when a fact is
// inconsistent, e.g. a syscall planned but not traced ("count fstat calls" failing after planning), a
// syscall in two files, words in one language only, or an example request that plans another event.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <map>
#include <memory>
#include <set>

#include "codegen/generate.h"
#include "codegen_fixture.h"
#include "kernel/catalog.h"
#include "codegen/recipe.h"
#include "plan/catalog_bridge.h"
#include "plan/event_model.h"
#include "plan/event_traits.h"
#include "plan/lexicon.h"
#include "plan/request.h"
#include "plan/understand.h"

namespace gpttrace {
namespace {

using namespace plan;

const KernelCatalog* live_catalog() {
  static std::unique_ptr<KernelCatalog> catalog = make_real_catalog();
  if (::geteuid() != 0 || catalog->kernel().tracefs.empty()) return nullptr;
  return catalog.get();
}

bool ascii(const std::string& s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

TEST(EventModel, EveryFileLoadsAsItsOwnKind) {
  const std::vector<EventModel>& models = event_models();
  ASSERT_EQ(models.size(), kEventKindCount);
  std::set<std::string> names;
  for (size_t k = 0; k < models.size(); ++k) {
    const EventModel& m = models[k];
    EXPECT_EQ(m.kind, static_cast<EventKind>(k)) << m.name;
    EXPECT_TRUE(names.insert(m.name).second) << m.name << " is the name of two files";
    EXPECT_EQ(event_kind_from_name(m.name), m.kind) << m.name;
    EXPECT_EQ(m.catalog, k >= kCuratedEventKinds) << m.name << ": catalog kinds come after the curated ones";
    EXPECT_FALSE(m.about.empty()) << m.name;
  }
}

TEST(EventModel, EveryCuratedEventHasWordsInBothLanguagesAndThePlannerKnowsThem) {
  std::set<std::pair<int, std::string>> planner_words;
  for (const PhraseEntry& e : event_terms().entries()) {
    std::string text;
    for (const std::string& t : e.tokens) text += t;
    planner_words.insert({e.value, text});
  }
  for (const EventModel& m : event_models()) {
    if (m.catalog) continue;
    bool english = false, chinese = false;
    for (const EventPhrase& phrase : m.words) {
      (ascii(phrase.text) ? english : chinese) = true;
      std::string text;
      for (const Token& t : tokenize(phrase.text)) text += t.text;
      EXPECT_TRUE(planner_words.contains({static_cast<int>(m.kind), text})) << m.name << ": " << phrase.text;
    }
    // Function events are named by the function, not by words ("malloc in libc", "vfs_read").
    if (m.kind == EventKind::UserFunction || m.kind == EventKind::KernelFunction) continue;
    EXPECT_TRUE(english) << m.name << " has no English words";
    EXPECT_TRUE(chinese) << m.name << " has no Chinese words";
  }
}

TEST(EventModel, EveryEventKindHasTraitsWithExamplesInBothLanguages) {
  for (const EventModel& m : event_models()) {
    const EventTraits& traits = event_traits(m.kind);
    EXPECT_EQ(traits.kind, m.kind) << m.name << " has no traits";
    EXPECT_EQ(traits.measures, m.traits.measures) << m.name;
    EXPECT_FALSE(traits.example_en.empty()) << m.name;
    EXPECT_FALSE(traits.example_zh.empty()) << m.name;
    for (Key key : traits.default_keys) EXPECT_TRUE(supports_key(traits, key)) << m.name << ": " << key_name(key);
  }
}

// Each curated event's example requests, in both languages, are understood as that event: words, traits
// and examples are in one file and must agree.
TEST(EventModel, EveryExampleRequestPlansToItsOwnEvent) {
  FixtureCatalog catalog = test::codegen_catalog();
  for (const EventModel& m : event_models()) {
    if (m.catalog) continue;
    for (const std::string& example : {m.traits.example_en, m.traits.example_zh}) {
      Understanding understanding = understand_request(example, &catalog);
      ASSERT_TRUE(understanding.spec.has_value()) << m.name << ": \"" << example << "\" is refused: "
                                                  << understanding.message;
      EXPECT_EQ(understanding.spec->event, m.kind) << m.name << ": \"" << example << "\" plans "
                                                   << event_kind_name(understanding.spec->event);
    }
  }
}

// Every syscall name means exactly one event; the names that are also words, and glibc's functions, are
// syscalls of the same file; every event names a recipe family that exists, and a map name.
TEST(EventModel, SyscallsBelongToOneEventAndEveryEventHasARecipe) {
  std::map<std::string, std::string> owner;
  for (const EventModel& m : event_models()) {
    EXPECT_TRUE(codegen::has_recipe_family(m.recipe)) << m.name << ": no recipe family " << m.recipe;
    if (!m.catalog) { EXPECT_FALSE(m.noun.empty()) << m.name << " has no map name"; }
    std::set<std::string> mine;
    for (const auto* names : {&m.traced_syscalls, &m.named_syscalls})
      for (const std::string& name : *names) {
        auto [it, fresh] = owner.emplace(name, m.name);
        EXPECT_TRUE(fresh) << name << " belongs to both " << it->second << " and " << m.name;
        mine.insert(name);
      }
    for (const std::string& word : m.word_syscalls) EXPECT_TRUE(mine.contains(word)) << m.name << ": " << word;
    for (const auto& [function, syscalls] : m.glibc)
      for (const std::string& real : syscalls) EXPECT_TRUE(syscall_owner(real).has_value()) << function << " -> " << real;
  }
  for (const auto& [name, event] : owner) EXPECT_EQ(event_kind_name(syscall_owner(name)->event), event) << name;
}

// Every syscall name the planner understands is traced by its event's recipe on this kernel (directly or
// through the syscall glibc implements it with), or refused because the kernel lacks its tracepoint.
TEST(EventModel, EverySyscallTheModelKnowsIsGenerated) {
  const KernelCatalog* catalog = live_catalog();
  if (!catalog) GTEST_SKIP() << "needs root and tracefs (the real catalog)";
  size_t generated = 0, known = 0;
  for (const EventModel& m : event_models())
    for (const auto* names : {&m.traced_syscalls, &m.named_syscalls})
      for (const std::string& name : *names) {
        ++known;
        TraceSpec spec;
        spec.event = m.kind;
        spec.syscalls = {name};
        spec.aggregation = Aggregation::Count;
        spec.keys = {Key::Comm};
        if (spec.event == EventKind::TcpAccept) spec.keys = {};
        Result<GeneratedProgram> program = generate_program(spec, *catalog);
        bool kernel_has = catalog->tracepoint("syscalls", "sys_enter_" + name).has_value();
        if (!program) {
          EXPECT_FALSE(kernel_has) << name << " (" << m.name << ") is planned but not generated: "
                                   << program.error().message;
          continue;
        }
        ++generated;
        bool mentions = std::any_of(program->probes.begin(), program->probes.end(), [&](const std::string& p) {
          return p.find("sys_enter_") != std::string::npos || p.find("sys_exit_") != std::string::npos ||
                 p.find(':') != std::string::npos;
        });
        EXPECT_TRUE(mentions) << name << ": " << program->source;
        if (kernel_has && m.kind == EventKind::Syscall) {
          EXPECT_NE(program->source.find("sys_enter_" + name), std::string::npos)
              << name << " is not the syscall traced:\n" << program->source;
        }
      }
  EXPECT_GT(generated, known / 2);
}

// The bridge names tracepoints as data: each must be well formed, and most must exist on this kernel (an
// entry this kernel lacks is skipped at run time, never assumed).
TEST(EventModel, BridgeEntriesNameTracepoints) {
  size_t named = 0, present = 0;
  const KernelCatalog* catalog = live_catalog();
  for (const BridgeEntry& entry : bridge_entries()) {
    EXPECT_FALSE(entry.phrases.empty());
    for (std::string_view phrase : entry.phrases) EXPECT_FALSE(tokenize(phrase).empty()) << phrase;
    for (std::string_view event : entry.events) {
      size_t arrow = event.find('>');
      for (std::string_view side : {event.substr(0, arrow), arrow == std::string_view::npos ? event.substr(0, 0)
                                                                                            : event.substr(arrow + 1)}) {
        if (side.empty()) continue;
        size_t colon = side.find(':');
        ASSERT_NE(colon, std::string_view::npos) << event;
        ++named;
        if (catalog && catalog->tracepoint(side.substr(0, colon), side.substr(colon + 1))) ++present;
      }
    }
  }
  if (catalog) {
    EXPECT_GE(present * 10, named * 8) << present << " of " << named << " bridge tracepoints exist here";
  }
}

}  // namespace
}  // namespace gpttrace
