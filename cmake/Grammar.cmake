# Obtains the tree-sitter-python grammar from the npm registry at configure time, verifies the
# tarball against the pinned npm `dist.integrity` (sha512, base64), and unpacks it into the build
# tree. The grammar's sources are never part of this repository.
#
#   PYMEMLINT_GRAMMAR_TARBALL  use this local tarball instead of running `npm pack` (still verified)

include("${CMAKE_CURRENT_LIST_DIR}/NpmPack.cmake")

set(PYMEMLINT_GRAMMAR_VERSION "0.23.6")
set(PYMEMLINT_GRAMMAR_INTEGRITY
    "sha512-yIM9z0oxKIxT7bAtPOhgoVl6gTXlmlIhue7liFT4oBPF/lha7Ha4dQBS82Av6hMMRZoVnFJI8M6mL+SwWoLD3A==")
set(PYMEMLINT_GRAMMAR_TARBALL "" CACHE FILEPATH "Local tree-sitter-python tarball (skips npm pack)")

set(_pml_grammar_dir "${CMAKE_BINARY_DIR}/_grammar")
set(_pml_grammar_src "${_pml_grammar_dir}/package/src")
set(_pml_stamp "${_pml_grammar_dir}/verified-${PYMEMLINT_GRAMMAR_VERSION}.stamp")

if(NOT EXISTS "${_pml_stamp}")
  pml_npm_pack("tree-sitter-python@${PYMEMLINT_GRAMMAR_VERSION}" "${PYMEMLINT_GRAMMAR_INTEGRITY}"
               "${_pml_grammar_dir}" "${PYMEMLINT_GRAMMAR_TARBALL}" _pml_tgz _pml_error)
  if(_pml_error)
    message(FATAL_ERROR "tree-sitter-python ${PYMEMLINT_GRAMMAR_VERSION}: ${_pml_error}\n"
                        "(or set PYMEMLINT_GRAMMAR_TARBALL to a local tarball)")
  endif()
  file(REMOVE_RECURSE "${_pml_grammar_dir}/package")
  file(ARCHIVE_EXTRACT INPUT "${_pml_tgz}" DESTINATION "${_pml_grammar_dir}"
       PATTERNS "package/src/*" "package/LICENSE" "package/package.json")
  if(NOT EXISTS "${_pml_grammar_src}/parser.c")
    message(FATAL_ERROR "tree-sitter-python tarball has no src/parser.c")
  endif()
  file(WRITE "${_pml_stamp}" "${PYMEMLINT_GRAMMAR_INTEGRITY}\n")
  message(STATUS "tree-sitter-python ${PYMEMLINT_GRAMMAR_VERSION} verified (${PYMEMLINT_GRAMMAR_INTEGRITY})")
endif()

add_library(tree_sitter_python STATIC "${_pml_grammar_src}/parser.c" "${_pml_grammar_src}/scanner.c")
target_include_directories(tree_sitter_python PRIVATE "${_pml_grammar_src}")
set_target_properties(tree_sitter_python PROPERTIES C_STANDARD 11 POSITION_INDEPENDENT_CODE ON)
target_compile_options(tree_sitter_python PRIVATE -w)
