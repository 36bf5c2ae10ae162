// The cache key of the knowledge index: what the index was built from, cheap to recompute (stat only).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace gpttrace {

// The index format; bump when the schema or what is indexed changes.
inline constexpr int kKnowledgeSchemaVersion = 1;

// FNV-1a over the schema version, gpttrace's version, and the path, size and modification time of every
// input file and directory (the corpus files, the tools' package lists, the tool directory). Missing
// files count as such, so installing a tool package changes it.
std::string knowledge_fingerprint(const std::string& examples_dir, const std::vector<std::string>& other_inputs);

// The catalog's cache directory ($XDG_CACHE_HOME/gpttrace, else $HOME/.cache/gpttrace), created when
// missing. Empty when neither variable is set or the directory cannot be made.
std::string knowledge_cache_dir();

}  // namespace gpttrace
