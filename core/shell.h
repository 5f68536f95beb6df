// Shell words built from user input. Every value is validated upstream; this
// quotes anyway, so a word can never split or expand.
#pragma once

#include <string>
#include <string_view>

namespace wgmesh {

// The word as is when it holds only [A-Za-z0-9_=+.,:/@%^-], else single-quoted
// with embedded quotes escaped ('\'').
std::string ShellQuote(std::string_view word);

}  // namespace wgmesh
