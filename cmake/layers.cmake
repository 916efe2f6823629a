# layers.cmake — builds lib/ as one CMake object library per folder (a layer or a domain),
# each compiled with only the include paths and libraries docs/architecture.md allows it.
#
# The allowed dependencies are enforced at compile time. Every layer gets a directory of
# generated stand-in headers, searched before the system's, for each third-party or edge
# header it may not use: including one stops the build with a message naming the rule.
# Private headers of other folders are simply not on a layer's include path.

# Headers of the libraries a layer may or may not use, and the public headers of the edges.
set(CS_GUARDED_HEADERS
  jansson.h sqlite3.h csv.h microhttpd.h libpq-fe.h gnutls/gnutls.h gnutls/crypto.h
  Clp_C_Interface.h coin/Clp_C_Interface.h Cbc_C_Interface.h coin/Cbc_C_Interface.h
  lemon/network_simplex.h lemon/smart_graph.h
  clockspeed/clockspeed.h clockspeed/cs_io.h clockspeed/cs_json.h clockspeed/cs_command.h clockspeed/cs_generate.h)

# cs_layer(NAME [USES folder...] [HEADERS header...] [LIBS target...])
#   NAME     the folder under lib/; the object library is cs_NAME
#   USES     other lib/ folders whose private headers NAME may include
#   HEADERS  guarded headers NAME may include
#   LIBS     imported targets NAME compiles against (their include paths and flags)
function(cs_layer name)
  cmake_parse_arguments(L "" "" "USES;HEADERS;LIBS" ${ARGN})
  file(GLOB srcs CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/lib/${name}/*.c ${CMAKE_SOURCE_DIR}/lib/${name}/*.cpp)
  add_library(cs_${name} OBJECT ${srcs})
  set(guard ${CMAKE_BINARY_DIR}/layer-guard/${name})
  foreach(h ${CS_GUARDED_HEADERS})
    if(NOT h IN_LIST L_HEADERS)
      file(CONFIGURE OUTPUT ${guard}/${h} CONTENT
        "#error \"layering: lib/${name}/ may not include <${h}> (docs/architecture.md lists what each folder may use)\"\n")
    else()
      # A header allowed since the last configure loses its stand-in.
      file(REMOVE ${guard}/${h})
    endif()
  endforeach()
  set(dirs ${CMAKE_SOURCE_DIR}/lib/${name})
  foreach(u ${L_USES})
    list(APPEND dirs ${CMAKE_SOURCE_DIR}/lib/${u})
  endforeach()
  target_include_directories(cs_${name} BEFORE PRIVATE ${guard})
  target_include_directories(cs_${name} PRIVATE ${CMAKE_SOURCE_DIR}/include ${dirs} ${CMAKE_BINARY_DIR}/generated)
  foreach(lib ${L_LIBS})
    target_link_libraries(cs_${name} PRIVATE ${lib})
  endforeach()
  set_property(GLOBAL APPEND PROPERTY CS_LAYERS cs_${name})
endfunction()
