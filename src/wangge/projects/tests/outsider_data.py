"""Grid-A rows of the practical projects for the generic outsider walk (core/tests/test_outsider.py): a project
placed in grid A (the walk's marker region), its milestone, a code for a grid-A resident and that resident's
evaluation, whose comment names them."""

from wangge.core import clock


def populate(district):
    from wangge.projects.models import Evaluation, EvaluationCode, Milestone, Project

    grid = district["grid_a"]
    resident = district["residents"][grid.code][0]
    project = Project.objects.create(region=grid, quarter="2021Q3", title=f"网格甲项目{resident.name}",
                                     responsible=resident.name, published=True, status="in_progress", progress=40)
    Milestone.objects.create(project=project, date=clock.today(), text=f"走访{resident.name}")
    code = EvaluationCode.objects.create(project=project, code="WALKA001", resident=resident,
                                         region_code=resident.region_code, issued_at=clock.now())
    Evaluation.objects.create(project=project, resident=resident, region_code=resident.region_code,
                              rating="satisfied", comment=f"{resident.name} {resident.phone}", channel="paper",
                              created_at=clock.now(), code=code)
