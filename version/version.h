// The wgmesh version (semver), from the one version source: schema/wgmesh.schema.json's
// "version" (cmake/version.cmake), compiled into every binary by version/CMakeLists.txt.
#ifndef WGMESH_VERSION_VERSION_H_
#define WGMESH_VERSION_VERSION_H_

#include <string_view>

namespace wgmesh {

std::string_view Version();  // "1.2.3" or "1.2.3-rc.1"

}  // namespace wgmesh

#endif  // WGMESH_VERSION_VERSION_H_
