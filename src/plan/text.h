// Normalisation and tokenisation of request text (English and Chinese) into tokens the planner consumes.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace gpttrace::plan {

enum class TokenKind {
  Word,    // ASCII identifier-like word, lowercased: "nginx", "vfs_read", "libc.so.6", "uprobe:/bin/bash:readline"
  Number,  // decimal digits with an optional fraction: "50", "1.5"
  Cjk,     // one Chinese character
  Path,    // starts with '/', '~' or './': "/etc/passwd", "/tmp/"
  Quoted,  // text inside quotes, case kept: "my app"
  Punct,   // one punctuation character: , ? > < = - ( ) ...
};

struct Token {
  TokenKind kind;
  std::string text;          // normalised text (words lowercased; quoted and paths keep case)
  std::string original;      // text as typed (case kept), for names and messages
  bool space_before = false; // whitespace separated it from the previous token
  bool hyphen_after = false; // "gnome-shell": the word was joined to the next one by '-'
  bool consumed = false;     // some part of the understanding used this token
};

// Lowercases ASCII, maps full-width forms and Chinese punctuation to ASCII, splits into tokens.
std::vector<Token> tokenize(std::string_view request);

bool is_cjk(const Token& token);
bool has_cjk(const std::vector<Token>& tokens);

// Tokens [begin, end) joined as typed (spaces where the request had them), for messages.
std::string join_tokens(const std::vector<Token>& tokens, size_t begin, size_t end);

}  // namespace gpttrace::plan
