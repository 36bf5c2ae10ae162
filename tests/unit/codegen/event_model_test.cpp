// The facts about an event kind live in several tables (lexicon words, syscall families, traits, recipes,
// the bridge to catalog tracepoints); these tests fail when a fact is added in one place only, e.g. a
// syscall the lexicon plans for but no recipe traces ("count fstat calls" failing after planning).
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <memory>
#include <set>

#include "codegen/generate.h"
#include "codegen_fixture.h"
#include "kernel/catalog.h"
#include "plan/catalog_bridge.h"
#include "plan/event_traits.h"
#include "plan/lexicon.h"
#include "plan/request.h"

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

TEST(EventModel, EveryCuratedEventHasWordsInBothLanguages) {
  std::set<int> english, chinese;
  for (const PhraseEntry& e : event_terms().entries()) {
    std::string text;
    for (const std::string& t : e.tokens) text += t;
    (ascii(text) ? english : chinese).insert(e.value);
  }
  for (size_t k = 0; k < kEventKinds; ++k) {
    auto kind = static_cast<EventKind>(k);
    // Function events are named by the function, not by words ("malloc in libc", "vfs_read").
    if (kind == EventKind::UserFunction || kind == EventKind::KernelFunction) continue;
    EXPECT_TRUE(english.contains(static_cast<int>(k))) << event_kind_name(kind) << " has no English words";
    EXPECT_TRUE(chinese.contains(static_cast<int>(k))) << event_kind_name(kind) << " has no Chinese words";
  }
}

TEST(EventModel, EveryEventKindHasTraitsWithExamplesInBothLanguages) {
  for (size_t k = 0; k <= static_cast<size_t>(EventKind::Tracepoint); ++k) {
    auto kind = static_cast<EventKind>(k);
    const EventTraits& traits = event_traits(kind);
    EXPECT_EQ(traits.kind, kind) << event_kind_name(kind) << " has no traits row";
    EXPECT_FALSE(traits.example_en.empty()) << event_kind_name(kind);
    EXPECT_FALSE(traits.example_zh.empty()) << event_kind_name(kind);
    EXPECT_NE(event_kind_name(kind), "?") << "EventKind " << k << " has no name";
  }
}

// Every syscall name the planner understands is traced by its event's recipe on this kernel (directly or
// through the syscall glibc implements it with), or refused because the kernel lacks its tracepoint.
TEST(EventModel, EverySyscallTheLexiconKnowsIsGenerated) {
  const KernelCatalog* catalog = live_catalog();
  if (!catalog) GTEST_SKIP() << "needs root and tracefs (the real catalog)";
  size_t generated = 0;
  for (const auto& [name, info] : all_syscall_infos()) {
    TraceSpec spec;
    spec.event = info.event;
    spec.syscalls = {std::string(name)};
    spec.aggregation = Aggregation::Count;
    spec.keys = {Key::Comm};
    if (spec.event == EventKind::TcpAccept) spec.keys = {};
    Result<GeneratedProgram> program = generate_program(spec, *catalog);
    bool kernel_has = catalog->tracepoint("syscalls", "sys_enter_" + std::string(name)).has_value();
    if (!program) {
      EXPECT_FALSE(kernel_has) << name << " (" << event_kind_name(info.event) << ") is planned but not generated: "
                               << program.error().message;
      continue;
    }
    ++generated;
    bool mentions = std::any_of(program->probes.begin(), program->probes.end(), [&](const std::string& p) {
      return p.find("sys_enter_") != std::string::npos || p.find("sys_exit_") != std::string::npos ||
             p.find(':') != std::string::npos;
    });
    EXPECT_TRUE(mentions) << name << ": " << program->source;
    if (kernel_has && info.event == EventKind::Syscall)
      EXPECT_NE(program->source.find("sys_enter_" + std::string(name)), std::string::npos)
          << name << " is not the syscall traced:\n" << program->source;
  }
  EXPECT_GT(generated, all_syscall_infos().size() / 2);
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
  if (catalog) EXPECT_GE(present * 10, named * 8) << present << " of " << named << " bridge tracepoints exist here";
}

}  // namespace
}  // namespace gpttrace
