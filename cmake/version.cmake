# The one version source: the "version" of schema/wgmesh.schema.json (the Pulumi package
# version). Everything else derives from it: project(VERSION), the `wgmesh_version`
# library (version/version.h) behind every binary's --version, the version the plugins
# report to OpenTofu/Terraform and Pulumi, the packages and SDKs scripts/release builds.
# Included before project(): sets WGMESH_VERSION (semver, e.g. 1.2.3 or 1.2.3-rc.1) and
# WGMESH_VERSION_NUMERIC (1.2.3, for project()).
set(WGMESH_VERSION_SOURCE ${CMAKE_CURRENT_LIST_DIR}/../schema/wgmesh.schema.json)
# (provider/CMakeLists.txt lists the file in CMAKE_CONFIGURE_DEPENDS: an edit re-runs cmake.)
file(READ ${WGMESH_VERSION_SOURCE} _wgmesh_schema_text)
string(JSON WGMESH_VERSION ERROR_VARIABLE _wgmesh_version_error
       GET "${_wgmesh_schema_text}" version)
if(_wgmesh_version_error)
  message(FATAL_ERROR "${WGMESH_VERSION_SOURCE}: no \"version\": ${_wgmesh_version_error}")
endif()
if(NOT WGMESH_VERSION MATCHES "^([0-9]+\\.[0-9]+\\.[0-9]+)(-[0-9A-Za-z.-]+)?$")
  message(FATAL_ERROR "${WGMESH_VERSION_SOURCE}: version \"${WGMESH_VERSION}\" is not "
                      "semver MAJOR.MINOR.PATCH[-PRERELEASE]")
endif()
set(WGMESH_VERSION_NUMERIC ${CMAKE_MATCH_1})
unset(_wgmesh_schema_text)
