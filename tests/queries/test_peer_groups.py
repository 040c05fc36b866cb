"""The peer_groups query: the groups a registry holds, in the registry's order, with counts.

tests/fixtures/etl/units.csv: H001 and its window H001-W1 (written "tertiary hospital") are
三级医院, H002 二级医院, T001 乡镇卫生院, C001 社区卫生服务中心.
"""

from __future__ import annotations

import pytest

from queries import run


@pytest.mark.parametrize("store", ["file"], indirect=True)  # the query's order, not the store
def test_peer_groups_come_in_the_registry_s_order_with_their_unit_counts(registry):
    rows = run(registry, "peer_groups").rows()
    # by the characters 乡镇卫生院 would come before 二级医院
    assert rows == [("三级医院", 2), ("二级医院", 1), ("乡镇卫生院", 1), ("社区卫生服务中心", 1)]


@pytest.mark.parametrize("store", ["file"], indirect=True)
def test_a_group_outside_the_registry_s_list_comes_after_it_by_name(registry):
    # a store written before a group was renamed may hold names the contract no longer lists
    for code, group in (("X001", "民营医院"), ("X002", "个体诊所")):
        registry.execute(
            "INSERT INTO units BY NAME SELECT * REPLACE ($code AS unit_code, $group AS peer_group) "
            "FROM units WHERE unit_code = 'T001'",
            {"code": code, "group": group},
        )
    groups = run(registry, "peer_groups")["peer_group"].to_list()
    assert groups[4:] == ["个体诊所", "民营医院"]
