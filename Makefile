# crm_interaction_log development commands (see README.md).
# Setup is implicit: every target creates or refreshes .venv when needed.
.PHONY: run test test-crm lint bench setup check-reinstall dist test-packaging

setup:
	@bash tools/odoo.sh setup

run:
	@bash tools/odoo.sh run

test:
	@bash tools/odoo.sh test

test-crm:
	@bash tools/odoo.sh test-crm

lint:
	@bash tools/odoo.sh lint

bench:
	@bash tools/odoo.sh bench $(BENCH_ARGS)

check-reinstall:
	@bash tools/odoo.sh check-reinstall

dist:
	@bash tools/odoo.sh dist

test-packaging:
	@bash tools/odoo.sh test-packaging
