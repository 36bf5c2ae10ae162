// The example corpus: header parsing, coverage of the corpus, and rendering for newer bpftrace dialects.
#include <gtest/gtest.h>

#include <set>

#include "kernel/fixture_catalog.h"
#include "knowledge/dialect.h"
#include "knowledge/examples.h"

namespace gpttrace {
namespace {

TEST(Examples, ParsesHeader) {
  auto ex = parse_example("x", "// title: T\n// en: one\n// en: two\n// zh: 中文\n// tags: a, b c ,d\n"
                               "// requires: kprobe\n\nkprobe:f { @ = count(); }\n");
  ASSERT_TRUE(ex) << ex.error().message;
  EXPECT_EQ(ex->title, "T");
  EXPECT_EQ(ex->en, "one two");
  EXPECT_EQ(ex->zh, "中文");
  EXPECT_EQ(ex->tags, (std::vector<std::string>{"a", "b c", "d"}));
  EXPECT_EQ(ex->needs, (std::vector<std::string>{"kprobe"}));
  EXPECT_EQ(ex->source, "kprobe:f { @ = count(); }\n");  // blank lines after the header are dropped
}

TEST(Examples, RejectsMissingDescriptions) {
  EXPECT_FALSE(parse_example("x", "// title: T\n// en: e\nBEGIN { exit(); }\n"));
  EXPECT_FALSE(parse_example("x", "// title: T\n// en: e\n// zh: z\n"));
}

TEST(Examples, CorpusCoversTheSubsystems) {
  auto examples = load_examples(std::string(GPTTRACE_KNOWLEDGE_DIR) + "/examples");
  ASSERT_TRUE(examples) << examples.error().message;
  EXPECT_GE(examples->size(), 100u);
  std::set<std::string> tags;
  for (const Example& ex : *examples) {
    EXPECT_FALSE(ex.tags.empty()) << ex.id;
    tags.insert(ex.tags.begin(), ex.tags.end());
  }
  for (const char* tag : {"network", "scheduler", "memory", "block", "file", "syscall", "process", "signal",
                          "uprobe", "timer", "bash", "filesystem"}) {
    EXPECT_TRUE(tags.count(tag)) << tag;
  }
}

TEST(Dialect, Bpftrace017IsUnchanged) {
  FixtureCatalog catalog;  // bpftrace 0.17
  std::string src = "kfunc:vfs_read { @[args->count] = count(); }";
  EXPECT_EQ(render_for_dialect(src, catalog.bpftrace()), src);
}

TEST(Dialect, ArgsDotOn019AndFentryOn020) {
  FixtureCatalog v19, v20;
  v19.set_bpftrace_version(0, 19, 0);
  v20.set_bpftrace_version(0, 20, 0);
  std::string src = "tracepoint:a:b /args->x/ { printf(\"args->x kfunc:y\\n\"); @[args->y] = count(); } // args->z\n"
                    "kfunc:vfs_read, kretfunc:vfs_read { @n = count(); }\n";
  EXPECT_EQ(render_for_dialect(src, v19.bpftrace()),
            "tracepoint:a:b /args.x/ { printf(\"args->x kfunc:y\\n\"); @[args.y] = count(); } // args->z\n"
            "kfunc:vfs_read, kretfunc:vfs_read { @n = count(); }\n");
  EXPECT_EQ(render_for_dialect(src, v20.bpftrace()),
            "tracepoint:a:b /args.x/ { printf(\"args->x kfunc:y\\n\"); @[args.y] = count(); } // args->z\n"
            "fentry:vfs_read, fexit:vfs_read { @n = count(); }\n");
}

}  // namespace
}  // namespace gpttrace
