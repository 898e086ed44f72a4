# The SARIF 2.1.0 JSON schema, for the test that validates `--output-format sarif`. No package in
# Debian carries it; the npm package @microsoft/jest-sarif ships it (lib/schemas/
# sarif-2.1.0-rtm.5.json, the schema released as SARIF 2.1.0). The tarball is fetched with
# `npm pack` at configure time and checked against its pinned dist.integrity, like the grammar.
# A failure is not fatal: the test then skips and says why.
#
#   PYMEMLINT_SARIF_SCHEMA_TARBALL  use this local tarball instead of running `npm pack`
#
# Sets PML_SARIF_SCHEMA to the schema's path, or to "" when it could not be had.

set(PYMEMLINT_SARIF_SCHEMA_PACKAGE "@microsoft/jest-sarif@1.0.0-beta.0")
set(PYMEMLINT_SARIF_SCHEMA_INTEGRITY
    "sha512-A1fOhPd6Ic5iDk4F9YPw1qNB4XF+7+IviR7xl8r2F6QzQkx5cpY9LsGk2rExiFIEcBbjpVnSmwWGBukASkiQ9A==")
set(PYMEMLINT_SARIF_SCHEMA_TARBALL "" CACHE FILEPATH "Local @microsoft/jest-sarif tarball (skips npm pack)")

set(_pml_sarif_dir "${CMAKE_BINARY_DIR}/_sarif_schema")
set(_pml_sarif_member "package/lib/schemas/sarif-2.1.0-rtm.5.json")
set(_pml_sarif_stamp "${_pml_sarif_dir}/verified.stamp")
set(PML_SARIF_SCHEMA "")

if(EXISTS "${_pml_sarif_stamp}")
  file(READ "${_pml_sarif_stamp}" _pml_sarif_verified)
endif()
if(NOT _pml_sarif_verified STREQUAL "${PYMEMLINT_SARIF_SCHEMA_INTEGRITY}\n")
  pml_npm_pack("${PYMEMLINT_SARIF_SCHEMA_PACKAGE}" "${PYMEMLINT_SARIF_SCHEMA_INTEGRITY}" "${_pml_sarif_dir}"
               "${PYMEMLINT_SARIF_SCHEMA_TARBALL}" _pml_sarif_tgz _pml_sarif_error)
  if(_pml_sarif_error)
    message(WARNING "SARIF schema unavailable, its validation test will be skipped: ${_pml_sarif_error}")
  else()
    file(REMOVE_RECURSE "${_pml_sarif_dir}/package")
    file(ARCHIVE_EXTRACT INPUT "${_pml_sarif_tgz}" DESTINATION "${_pml_sarif_dir}"
         PATTERNS "${_pml_sarif_member}" "package/package.json")
    if(EXISTS "${_pml_sarif_dir}/${_pml_sarif_member}")
      file(WRITE "${_pml_sarif_stamp}" "${PYMEMLINT_SARIF_SCHEMA_INTEGRITY}\n")
    else()
      message(WARNING "SARIF schema unavailable: ${_pml_sarif_tgz} has no ${_pml_sarif_member}")
    endif()
  endif()
endif()
if(EXISTS "${_pml_sarif_stamp}")
  set(PML_SARIF_SCHEMA "${_pml_sarif_dir}/${_pml_sarif_member}")
endif()
