// A structural parser for the bpftrace subset the checks need; everything else is bpftrace's to judge.
//
// Grammar (informal EBNF). Whitespace, `// line` and `/* block */` comments may appear between tokens.
//
//   program      := { preproc | type_def | config | probe }
//   preproc      := "#" ... end-of-line, "\" newline continues  (#include, #define: recorded for the checks)
//   type_def     := ("struct" | "union" | "enum") NAME "{" balanced "}" [";"]   (skipped)
//   config       := "config" "=" "{" balanced "}"             (0.19+; skipped)
//   probe        := attach_point { "," attach_point } [ "/" predicate "/" ] "{" block "}"
//   attach_point := "BEGIN" | "END" | TYPE ":" rest
//   rest         := characters up to whitespace, ",", "{" or "/"; for uprobe, uretprobe and usdt a path
//                   that starts with "/" or "." runs up to the next ":"
//   predicate    := scanned like block, up to the first "/" outside parentheses and strings
//   block        := scanned for: calls   NAME "("            (not keywords like if/while)
//                               fields  "args" ("->" | ".") NAME
//                   with strings, comments and nesting respected.
//
// A call or field access records its location; a field access also records whether the innermost
// enclosing call is str() or buf(), which the __data_loc check needs.
#include "check/parser.h"

#include <array>
#include <cctype>

namespace gpttrace {

namespace {

bool is_ident_start(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; }
bool is_ident_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

bool is_keyword(std::string_view word) {
  static constexpr std::array<std::string_view, 9> kKeywords = {
      "if", "else", "while", "for", "unroll", "return", "sizeof", "offsetof", "print_if"};
  for (std::string_view k : kKeywords)
    if (word == k) return true;
  return false;
}

class Parser {
 public:
  Parser(std::string_view src, Diagnostics& diags) : src_(src), diags_(diags) {}

  ParsedProgram run() {
    ParsedProgram program;
    while (true) {
      skip_space();
      if (at_end()) break;
      if (peek() == '#') {
        program.directives.push_back(read_directive());
      } else if (word_ahead("struct") || word_ahead("union") || word_ahead("enum")) {
        skip_type_definition();
      } else if (word_ahead("config")) {
        skip_config();
      } else if (!parse_probe(program)) {
        break;  // error already reported; the rest cannot be trusted
      }
    }
    return program;
  }

 private:
  // --- cursor -------------------------------------------------------------------------------------
  bool at_end() const { return pos_ >= src_.size(); }
  char peek(size_t ahead = 0) const { return pos_ + ahead < src_.size() ? src_[pos_ + ahead] : '\0'; }
  void advance() {
    if (at_end()) return;
    if (src_[pos_] == '\n') {
      ++line_;
      col_ = 1;
    } else {
      ++col_;
    }
    ++pos_;
  }
  SourceLocation here() const { return {line_, col_, col_}; }

  bool word_ahead(std::string_view word) const {
    if (src_.substr(pos_, word.size()) != word) return false;
    char after = pos_ + word.size() < src_.size() ? src_[pos_ + word.size()] : '\0';
    return !is_ident_char(after);
  }

  // A preprocessor line; like cpp, a backslash before the newline continues it on the next line.
  Directive read_directive() {
    Directive directive{{}, here()};
    while (!at_end() && peek() != '\n') {
      if (peek() == '\\' && peek(1) == '\n') {
        advance();
      } else {
        directive.text += peek();
      }
      advance();
    }
    directive.loc.col_end = directive.loc.col_begin + static_cast<int>(directive.text.size()) - 1;
    return directive;
  }

  void skip_line() {
    while (!at_end() && peek() != '\n') advance();
  }

  // Skips whitespace and comments. An unterminated block comment is reported.
  void skip_space() {
    while (!at_end()) {
      char c = peek();
      if (std::isspace(static_cast<unsigned char>(c))) {
        advance();
      } else if (c == '/' && peek(1) == '/') {
        skip_line();
      } else if (c == '/' && peek(1) == '*') {
        SourceLocation start = here();
        advance();
        advance();
        while (!at_end() && !(peek() == '*' && peek(1) == '/')) advance();
        if (at_end()) {
          diags_.error("syntax", "unterminated comment", start);
          return;
        }
        advance();
        advance();
      } else {
        return;
      }
    }
  }

  // Skips a string literal starting at the opening quote; false (with an error) if unterminated.
  bool skip_string() {
    SourceLocation start = here();
    advance();
    while (!at_end() && peek() != '"') {
      if (peek() == '\\') advance();
      if (peek() == '\n') break;
      advance();
    }
    if (peek() != '"') {
      diags_.error("syntax", "unterminated string", start);
      return false;
    }
    advance();
    return true;
  }

  // --- top level ----------------------------------------------------------------------------------
  void skip_type_definition() {
    while (!at_end() && peek() != '{' && peek() != ';') advance();
    if (peek() == '{') skip_balanced_braces();
    skip_space();
    if (peek() == ';') advance();
  }

  void skip_config() {
    while (!at_end() && peek() != '{') advance();
    skip_balanced_braces();
    skip_space();
    if (peek() == ';') advance();
  }

  void skip_balanced_braces() {
    SourceLocation open = here();
    int depth = 0;
    while (!at_end()) {
      char c = peek();
      if (c == '"') {
        if (!skip_string()) return;
        continue;
      }
      if (c == '/' && (peek(1) == '/' || peek(1) == '*')) {
        skip_space();
        continue;
      }
      advance();
      if (c == '{') ++depth;
      if (c == '}' && --depth == 0) return;
    }
    diags_.error("syntax", "unbalanced '{': no matching '}'", open);
  }

  bool parse_probe(ParsedProgram& program) {
    ProbeBlock probe;
    while (true) {
      skip_space();
      AttachPoint ap = parse_attach_point();
      if (ap.text.empty()) {
        SourceLocation at = here();
        diags_.error("syntax", std::string("expected a probe (e.g. tracepoint:syscalls:sys_enter_read), found '") +
                                   peek() + "'",
                     at)
            .hints.push_back("a probe is TYPE:WHAT followed by an optional /predicate/ and { actions }");
        return false;
      }
      probe.attach_points.push_back(std::move(ap));
      skip_space();
      if (peek() == ',') {
        advance();
        continue;
      }
      break;
    }
    if (peek() == '/') {
      probe.has_predicate = true;
      advance();
      scan_code(probe, /*stop_at_slash=*/true);
      if (peek() != '/') {
        diags_.error("syntax", "predicate is not closed with '/'", here());
        return false;
      }
      advance();
      skip_space();
    }
    if (peek() != '{') {
      const AttachPoint& last = probe.attach_points.back();
      diags_.error("syntax", "expected '{' after probe " + last.text, last.loc)
          .hints.push_back("write the actions in braces: " + last.text + " { ... }");
      return false;
    }
    SourceLocation open = here();
    advance();
    scan_code(probe, /*stop_at_slash=*/false);
    if (peek() != '}') {
      diags_.error("syntax", "unbalanced '{': the probe's block has no closing '}'", open);
      return false;
    }
    advance();
    program.probes.push_back(std::move(probe));
    return true;
  }

  AttachPoint parse_attach_point() {
    AttachPoint ap;
    ap.loc = here();
    size_t start = pos_;
    auto stops = [&](char c) {
      return c == '\0' || std::isspace(static_cast<unsigned char>(c)) || c == ',' || c == '{' || c == '}';
    };
    // The type: up to ':' (or the whole word for BEGIN/END).
    while (!stops(peek()) && peek() != ':' && peek() != '/') advance();
    ap.type_text = std::string(src_.substr(start, pos_ - start));
    if (ap.type_text.empty()) return ap;
    ap.type = probe_type_from_name(ap.type_text);
    std::string current;
    if (peek() == ':') {
      advance();
      bool path_type = ap.type == ProbeType::Uprobe || ap.type == ProbeType::Uretprobe ||
                       ap.type == ProbeType::Usdt;
      if (path_type && (peek() == '/' || peek() == '.')) {
        // A path may contain '/', so it runs to the next ':'.
        while (!stops(peek()) && peek() != ':') current += src_[pos_], advance();
        ap.parts.push_back(current);
        current.clear();
        if (peek() == ':') advance();
      }
      while (!stops(peek()) && peek() != '/') {
        if (peek() == ':') {
          ap.parts.push_back(current);
          current.clear();
        } else {
          current += peek();
        }
        advance();
      }
      ap.parts.push_back(current);
    }
    ap.text = std::string(src_.substr(start, pos_ - start));
    ap.loc.col_end = ap.loc.col_begin + static_cast<int>(ap.text.size()) - 1;
    ap.wildcard = ap.text.find_first_of("*?") != std::string::npos;
    return ap;
  }

  // Scans a predicate or block for calls and field accesses. Stops before the closing '}' of the
  // block (or the closing '/' of a predicate) at nesting depth zero, or at the end of input.
  void scan_code(ProbeBlock& probe, bool stop_at_slash) {
    std::vector<std::string> open_calls;  // per '(' the name of the called function, or ""
    int brace_depth = 0;
    std::string last_ident;               // identifier just before the cursor (whitespace allowed)
    char last_sig = '\0';                 // last non-space character before the identifier
    while (true) {
      skip_space();
      if (at_end()) return;
      char c = peek();
      if (c == '"') {
        if (!skip_string()) return;
        last_ident.clear();
        last_sig = '"';
        continue;
      }
      if (stop_at_slash && c == '/' && open_calls.empty()) return;
      if (!stop_at_slash && c == '}' && brace_depth == 0) return;
      if (is_ident_start(c)) {
        SourceLocation loc = here();
        size_t start = pos_;
        while (is_ident_char(peek())) advance();
        std::string ident(src_.substr(start, pos_ - start));
        loc.col_end = loc.col_begin + static_cast<int>(ident.size()) - 1;
        // After "." or "->" it is a member; after '@' or '$' a map or variable name.
        bool member = last_sig == '.' || last_sig == '@' || last_sig == '$';
        if (ident == "args" && !member) {
          record_field(probe, loc, open_calls);
          last_ident.clear();
          last_sig = 'a';
          continue;
        }
        last_ident = member ? std::string() : ident;
        last_sig = 'a';
        identifier_loc_ = loc;
        continue;
      }
      if (c == '-' && peek(1) == '>') {
        advance();
        advance();
        last_ident.clear();
        last_sig = '.';  // member access, like '.'
        continue;
      }
      if (c == '(') {
        if (!last_ident.empty() && !is_keyword(last_ident)) {
          probe.calls.push_back(Call{last_ident, identifier_loc_});
          open_calls.push_back(last_ident);
        } else {
          open_calls.push_back("");
        }
      } else if (c == ')') {
        if (!open_calls.empty()) open_calls.pop_back();
      } else if (c == '{') {
        ++brace_depth;
      } else if (c == '}') {
        --brace_depth;
      }
      last_ident.clear();
      last_sig = c;
      advance();
    }
  }

  // At "args": records args->NAME / args.NAME when it follows.
  void record_field(ProbeBlock& probe, SourceLocation loc, const std::vector<std::string>& open_calls) {
    bool dot = false;
    if (peek() == '-' && peek(1) == '>') {
      advance();
      advance();
    } else if (peek() == '.') {
      dot = true;
      advance();
    } else {
      return;  // `args` alone (e.g. print(args))
    }
    size_t start = pos_;
    while (is_ident_char(peek())) advance();
    if (pos_ == start) return;
    FieldAccess field;
    field.name = std::string(src_.substr(start, pos_ - start));
    field.dot_syntax = dot;
    field.inside_str = !open_calls.empty() && (open_calls.back() == "str" || open_calls.back() == "buf");
    field.loc = loc;
    field.loc.col_end = col_ - 1;
    probe.fields.push_back(std::move(field));
  }

  std::string_view src_;
  Diagnostics& diags_;
  size_t pos_ = 0;
  int line_ = 1;
  int col_ = 1;
  SourceLocation identifier_loc_;
};

}  // namespace

ParsedProgram parse_program(std::string_view source, Diagnostics& diags) {
  return Parser(source, diags).run();
}

}  // namespace gpttrace
