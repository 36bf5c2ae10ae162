// Provider configuration: layering of flags, environment and file; the 0600 file; local endpoints; redaction.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>

#include "llm/provider.h"

namespace gpttrace {
namespace {

EnvLookup env_of(std::map<std::string, std::string> vars) {
  return [vars](const char* name) -> std::optional<std::string> {
    auto it = vars.find(name);
    if (it == vars.end()) return std::nullopt;
    return it->second;
  };
}

// A private directory under /tmp, removed with everything in it when the test ends.
class TempDir {
 public:
  TempDir() {
    char dir[] = "/tmp/gpttrace_llm_XXXXXX";
    EXPECT_NE(mkdtemp(dir), nullptr);
    path_ = dir;
  }
  ~TempDir() { std::filesystem::remove_all(path_); }
  operator std::string() const { return path_; }
  std::string operator+(const char* tail) const { return path_ + tail; }

 private:
  std::string path_;
};

TEST(Provider, DefaultsWithoutAnythingAreOpenAiAndUnusable) {
  auto config = resolve_provider({}, env_of({}), "/nonexistent/config.json");
  ASSERT_TRUE(config) << config.error().message;
  EXPECT_EQ(config->base_url, "https://api.openai.com/v1");
  EXPECT_EQ(config->model, kDefaultModel);
  EXPECT_FALSE(provider_usable(*config));
}

TEST(Provider, FlagsBeatEnvironmentBeatFile) {
  TempDir temp;
  std::string dir = temp;
  std::string path = dir + "/config.json";
  std::ofstream(path) << R"({"api_key":"file-key-123456","base_url":"http://file/v1","model":"file-model","stream":false})";
  auto only_file = resolve_provider({}, env_of({}), path);
  ASSERT_TRUE(only_file);
  EXPECT_EQ(only_file->api_key, "file-key-123456");
  EXPECT_EQ(only_file->model, "file-model");
  EXPECT_FALSE(only_file->stream);
  EXPECT_EQ(only_file->source, path);

  auto env = env_of({{"OPENAI_API_KEY", "env-key-123456"}, {"GPTTRACE_MODEL", "env-model"},
                     {"OPENAI_BASE_URL", "http://env:1/v1/"}});
  auto with_env = resolve_provider({}, env, path);
  ASSERT_TRUE(with_env);
  EXPECT_EQ(with_env->api_key, "env-key-123456");
  EXPECT_EQ(with_env->model, "env-model");
  EXPECT_EQ(with_env->base_url, "http://env:1/v1");  // trailing slash dropped

  auto with_flags = resolve_provider({"flag-key-123456", "flag-model", "http://flag/v1"}, env, path);
  ASSERT_TRUE(with_flags);
  EXPECT_EQ(with_flags->api_key, "flag-key-123456");
  EXPECT_EQ(with_flags->model, "flag-model");
  EXPECT_EQ(with_flags->base_url, "http://flag/v1");
  EXPECT_EQ(with_flags->source, "flags");
}

TEST(Provider, LocalEndpointNeedsNoKeyButRemoteDoes) {
  auto local = resolve_provider({}, env_of({{"OPENAI_BASE_URL", "http://localhost:11434/v1"}}), "");
  ASSERT_TRUE(local);
  EXPECT_TRUE(provider_usable(*local));
  auto remote = resolve_provider({}, env_of({{"OPENAI_BASE_URL", "https://api.deepseek.com/v1"}}), "");
  ASSERT_TRUE(remote);
  EXPECT_FALSE(provider_usable(*remote));
}

TEST(Provider, MalformedFileAndBadUrlFailWithOneLine) {
  TempDir temp;
  std::string path = temp + "/config.json";
  std::ofstream(path) << "{not json";
  auto bad = resolve_provider({}, env_of({}), path);
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find(path), std::string::npos);
  auto url = resolve_provider({"", "", "ftp://x"}, env_of({}), "");
  ASSERT_FALSE(url);
  EXPECT_NE(url.error().message.find("ftp://x"), std::string::npos);
}

TEST(Provider, SavedConfigIsMode0600AndRoundTrips) {
  TempDir temp;
  std::string dir = temp;
  std::string path = dir + "/gpttrace/config.json";
  std::ofstream(dir + "/loose.json") << "{}";
  ProviderConfig config;
  config.api_key = "sk-savedkey-abcdef";
  config.base_url = "http://127.0.0.1:9/v1";
  config.model = "m";
  ASSERT_TRUE(save_provider_config(path, config));
  struct stat st {};
  ASSERT_EQ(stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  ASSERT_EQ(stat((dir + "/gpttrace").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0700u);
  // Overwriting a file with looser permissions leaves it 0600 too.
  chmod(path.c_str(), 0644);
  ASSERT_TRUE(save_provider_config(path, config));
  ASSERT_EQ(stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  auto loaded = resolve_provider({}, env_of({}), path);
  ASSERT_TRUE(loaded);
  EXPECT_EQ(loaded->api_key, config.api_key);
  EXPECT_EQ(loaded->model, "m");
}

TEST(Provider, DefaultConfigPathFollowsXdgThenHome) {
  EXPECT_EQ(default_config_path(env_of({{"HOME", "/h"}})), "/h/.config/gpttrace/config.json");
  EXPECT_EQ(default_config_path(env_of({{"HOME", "/h"}, {"XDG_CONFIG_HOME", "/x"}})), "/x/gpttrace/config.json");
}

TEST(Redact, RemovesTheKeyAndSecretShapes) {
  std::string key = "my-secret-key-XYZ123";
  std::string out = redact("key my-secret-key-XYZ123 and Bearer abcdefghijkl and sk-proj-abc123***9xyz", key);
  EXPECT_EQ(out.find(key), std::string::npos);
  EXPECT_EQ(out.find("abcdefghijkl"), std::string::npos);
  EXPECT_EQ(out.find("sk-proj"), std::string::npos);
  EXPECT_NE(out.find("[REDACTED]"), std::string::npos);
  EXPECT_EQ(redact("nothing secret here", key), "nothing secret here");
}

TEST(Redact, DropsCredentialsFromUrls) {
  EXPECT_EQ(redact("cannot connect to the LLM provider at https://bob:hunter2@proxy.example/v1: refused", ""),
            "cannot connect to the LLM provider at https://proxy.example/v1: refused");
  EXPECT_EQ(redact("http://token@127.0.0.1:8080/v1", ""), "http://127.0.0.1:8080/v1");
  EXPECT_EQ(redact("mail bob@example.com at http://example.com/a@b", ""), "mail bob@example.com at http://example.com/a@b");
}

}  // namespace
}  // namespace gpttrace
