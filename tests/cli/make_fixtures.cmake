# Builds the CLI test folders: a tiny random checkpoint and broken copies of it.
# Inputs: CLI (hyperbagel-cli), TAMPER (tamper_checkpoint), WORK (output folder).
# Only this fixture's own folders: other tests (the demo chain) write into WORK at the same time.
foreach(dir tiny deleted reshaped truncated broken_config)
  file(REMOVE_RECURSE "${WORK}/${dir}")
endforeach()
file(MAKE_DIRECTORY "${WORK}")

function(run)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "command failed (${rc}): ${ARGN}\n${out}\n${err}")
  endif()
endfunction()

run("${CLI}" make-random-checkpoint --preset tiny --out "${WORK}/tiny" --seed 7 --quiet)

foreach(copy deleted reshaped truncated broken_config)
  file(COPY "${WORK}/tiny/" DESTINATION "${WORK}/${copy}")
endforeach()

run("${TAMPER}" drop "${WORK}/tiny/ema.safetensors" "${WORK}/deleted/ema.safetensors"
    "language_model.model.layers.1.mlp_moe_gen.down_proj.weight")
run("${TAMPER}" reshape "${WORK}/tiny/ema.safetensors" "${WORK}/reshaped/ema.safetensors"
    "vae2llm.weight" "32,128")
file(SIZE "${WORK}/truncated/ema.safetensors" size)
math(EXPR keep "${size} - 1000")
run("${TAMPER}" truncate "${WORK}/truncated/ema.safetensors" ${keep})
file(WRITE "${WORK}/broken_config/llm_config.json" "{\n  \"hidden_size\": 64,\n  \"num_hidden_layers\": \n}\n")
