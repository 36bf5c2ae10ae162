// Tokenizer for requests: UTF-8 decoding, full-width folding, and the token boundaries the planner relies on.
#include "plan/text.h"

#include <cstdint>

namespace gpttrace::plan {

namespace {

// Decodes one UTF-8 code point at `i` (advancing it); invalid bytes decode as U+FFFD.
char32_t next_code_point(std::string_view s, size_t& i) {
  auto byte = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char c = byte(i);
  int extra = c < 0x80 ? 0 : (c >> 5) == 6 ? 1 : (c >> 4) == 14 ? 2 : (c >> 3) == 30 ? 3 : -1;
  if (extra < 0 || i + extra >= s.size() + (extra == 0 ? 1 : 0)) {
    ++i;
    return extra == 0 ? c : U'\uFFFD';
  }
  char32_t cp = extra == 0 ? c : c & (0x3F >> extra);
  for (int k = 1; k <= extra; ++k) cp = (cp << 6) | (byte(i + k) & 0x3F);
  i += extra + 1;
  return cp;
}

void append_utf8(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

// Full-width ASCII, ideographic space and Chinese punctuation become their ASCII forms; quotes become '"'.
char32_t fold(char32_t cp) {
  if (cp >= 0xFF01 && cp <= 0xFF5E) return cp - 0xFF01 + 0x21;
  switch (cp) {
    case 0x3000: return ' ';
    case 0x3002: return '.';  // 。
    case 0x3001: return ',';  // 、
    case 0x201C: case 0x201D: case 0x300C: case 0x300D: case 0x300E: case 0x300F: return '"';
    case 0x2018: case 0x2019: return '\'';
    case 0x300A: case 0x300B: return '"';  // 《》
    case 0x2014: case 0x2013: return '-';
    case 0x00B5: case 0x03BC: return 'u';  // µs
    default: return cp;
  }
}

bool cjk_code_point(char32_t cp) {
  return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0xF900 && cp <= 0xFAFF);
}

bool alpha(char32_t c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool digit(char32_t c) { return c >= '0' && c <= '9'; }
bool word_char(char32_t c) { return alpha(c) || digit(c) || c == '_' || c == '.' || c == ':' || c == '+' || c == '@'; }
bool path_char(char32_t c) { return c > ' ' && c < 0x80 && c != ',' && c != ';' && c != '"' && c != '\'' && c != ')' && c != '?'; }

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

// Sentence punctuation typed right after a word or path is not part of it ("nginx.", "/tmp/x?").
std::string trim_trailing(std::string s) {
  while (s.size() > 1 && (s.back() == '.' || s.back() == ':' || s.back() == '?' || s.back() == '!')) s.pop_back();
  return s;
}

}  // namespace

std::vector<Token> tokenize(std::string_view request) {
  std::u32string cps;
  for (size_t i = 0; i < request.size();) cps += fold(next_code_point(request, i));

  std::vector<Token> tokens;
  bool space = false;
  auto push = [&](TokenKind kind, std::string original) {
    Token t{kind, kind == TokenKind::Quoted || kind == TokenKind::Path ? original : lower(original), original, space};
    tokens.push_back(std::move(t));
    space = false;
  };
  auto utf8 = [](std::u32string_view s) {
    std::string out;
    for (char32_t c : s) append_utf8(out, c);
    return out;
  };

  size_t i = 0, n = cps.size();
  while (i < n) {
    char32_t c = cps[i];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      space = true;
      ++i;
    } else if (c == '"' || c == '\'') {
      size_t close = cps.find(c, i + 1);
      bool apostrophe = c == '\'' && i > 0 && alpha(cps[i - 1]);  // "nginx's", "what's"
      if (close == std::u32string::npos || apostrophe || close == i + 1) {
        if (!apostrophe) push(TokenKind::Punct, utf8(cps.substr(i, 1)));
        ++i;
        continue;
      }
      push(TokenKind::Quoted, utf8(cps.substr(i + 1, close - i - 1)));
      i = close + 1;
    } else if (c == '/' && !space && !tokens.empty() && tokens.back().kind == TokenKind::Word && i + 1 < n &&
               alpha(cps[i + 1])) {
      push(TokenKind::Punct, "/");  // "fork/clone", "read/write": alternatives, not a path
      ++i;
    } else if (c == '/' || c == '~' || (c == '.' && i + 1 < n && cps[i + 1] == '/')) {
      size_t j = i;
      while (j < n && path_char(cps[j])) ++j;
      push(TokenKind::Path, trim_trailing(utf8(cps.substr(i, j - i))));
      i = j;
    } else if (digit(c)) {
      size_t j = i;
      while (j < n && digit(cps[j])) ++j;
      if (j + 1 < n && cps[j] == '.' && digit(cps[j + 1])) {
        ++j;
        while (j < n && digit(cps[j])) ++j;
      }
      // "127.0.0.1", "x86_64"-like tokens that start with a digit stay one word.
      if (j < n && (cps[j] == '.' || cps[j] == '_') && j + 1 < n && digit(cps[j + 1])) {
        while (j < n && (word_char(cps[j]))) ++j;
        push(TokenKind::Word, trim_trailing(utf8(cps.substr(i, j - i))));
      } else {
        push(TokenKind::Number, utf8(cps.substr(i, j - i)));
      }
      i = j;
    } else if (alpha(c) || c == '_') {
      size_t j = i;
      bool probe_spec = false;
      while (j < n) {
        if (word_char(cps[j])) {
          probe_spec = probe_spec || cps[j] == ':';
          ++j;
        } else if (cps[j] == '/' && (probe_spec || (j == i + 1 && (c == 'i' || c == 'I')))) {
          ++j;  // "uprobe:/bin/bash:readline", "i/o"
        } else if (probe_spec && path_char(cps[j])) {
          ++j;
        } else {
          break;
        }
      }
      std::string raw = utf8(cps.substr(i, j - i));
      std::string word = trim_trailing(raw);
      push(TokenKind::Word, word);
      i = j - (raw.size() - word.size());  // trimmed punctuation is ASCII: re-read it as punctuation
      if (i < n && cps[i] == '-' && i + 1 < n && (alpha(cps[i + 1]) || digit(cps[i + 1]))) {
        tokens.back().hyphen_after = true;
        ++i;
      }
    } else if (cjk_code_point(c)) {
      push(TokenKind::Cjk, utf8(cps.substr(i, 1)));
      ++i;
    } else {
      push(TokenKind::Punct, utf8(cps.substr(i, 1)));
      ++i;
    }
  }
  return tokens;
}

bool is_cjk(const Token& token) { return token.kind == TokenKind::Cjk; }

bool has_cjk(const std::vector<Token>& tokens) {
  for (const Token& t : tokens)
    if (is_cjk(t)) return true;
  return false;
}

std::string join_tokens(const std::vector<Token>& tokens, size_t begin, size_t end) {
  std::string out;
  for (size_t k = begin; k < end && k < tokens.size(); ++k) {
    const Token& t = tokens[k];
    if (!out.empty() && t.space_before) out += ' ';
    if (k > begin && tokens[k - 1].hyphen_after) out += '-';
    out += t.kind == TokenKind::Quoted ? "\"" + t.original + "\"" : t.original;
  }
  return out;
}

}  // namespace gpttrace::plan
