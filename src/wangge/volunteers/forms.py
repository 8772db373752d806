"""Forms of the duty pages. They parse; the rules (end after start, overlaps, hours in 24, scope) are the actions'."""

from django import forms
from django.utils.translation import gettext_lazy as _

from wangge.core import clock
from wangge.regions.choices import RegionLevel
from wangge.regions.models import Region

from . import actions
from .choices import PostKind
from .models import Post, Team, Volunteer

LOCAL_INPUT = "%Y-%m-%dT%H:%M"


class LocalDateTimeField(forms.DateTimeField):
    widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format=LOCAL_INPUT)
    input_formats = [LOCAL_INPUT, "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S"]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def plannable_people(user):
    """The people `user` may put on shifts: everyone on the roster of their jurisdiction (a cadre), else the
    members of the teams they lead."""
    if user.has_perm(actions.PLAN_PERM):
        return Volunteer.objects.restrict(user).filter(active=True)
    return Volunteer.objects.filter(active=True, team__in=actions.led_teams(user))


def plannable_posts(user):
    if user.has_perm(actions.PLAN_PERM):
        return Post.objects.restrict(user).filter(active=True)
    from wangge.regions import codes

    towns = {codes.truncate(code, RegionLevel.TOWN) for code in actions.led_teams(user).values_list(
        "region_code", flat=True)}
    posts = Post.objects.filter(active=True)
    if not towns:
        return posts.none()
    from django.db.models import Q

    where = Q()
    for town in towns:
        where |= Q(region_code__startswith=town)
    return posts.filter(where)


class PlanShiftForm(forms.Form):
    post = forms.ModelChoiceField(label=_("Post"), queryset=Post.objects.none())
    start = LocalDateTimeField(label=_("Starts"))
    end = LocalDateTimeField(label=_("Ends"))
    needed = forms.IntegerField(label=_("People needed"), min_value=1, max_value=500, required=False,
                                help_text=_("Empty: the post's people per shift."))
    volunteers = forms.ModelMultipleChoiceField(label=_("People on duty"), queryset=Volunteer.objects.none(),
                                                widget=forms.CheckboxSelectMultiple)
    note = forms.CharField(label=_("Note"), max_length=200, required=False)

    def __init__(self, *args, user=None, instance=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["post"].queryset = plannable_posts(user).select_related("region")
        self.fields["volunteers"].queryset = plannable_people(user).select_related("team").order_by(
            "team__name", "name")
        self.fields["volunteers"].label_from_instance = self.person_label

    @staticmethod
    def person_label(person):
        age = person.age
        parts = [person.name]
        if person.team_id:
            parts.append(person.team.name)
        if age is not None:
            parts.append(str(_("%(age)s years") % {"age": age}))
        return " · ".join(parts)


class ApproveHoursForm(forms.Form):
    hours = forms.DecimalField(label=_("Hours"), min_value=0, max_value=24, decimal_places=2, required=False)


class TokenForm(forms.Form):
    token = forms.CharField(label=_("Code on the post's poster"), max_length=400)


class PostForm(forms.Form):
    name = forms.CharField(label=_("Post name"), max_length=100)
    kind = forms.ChoiceField(label=_("Kind"), choices=PostKind.choices)
    checkpoint = forms.ModelChoiceField(label=_("Checkpoint"), queryset=Post.objects.none(), required=False)
    sampling_site = forms.ModelChoiceField(label=_("Sampling site"), queryset=Post.objects.none(), required=False)
    region = forms.ModelChoiceField(label=_("Region"), queryset=Region.objects.none(), required=False,
                                    help_text=_("Where the post stands, when it is not at a checkpoint or a site."))
    team = forms.ModelChoiceField(label=_("Team on duty"), queryset=Team.objects.none(), required=False)
    headcount = forms.IntegerField(label=_("People per shift"), min_value=1, max_value=500, initial=2)
    active = forms.BooleanField(label=_("In use"), required=False, initial=True)

    def __init__(self, *args, user=None, instance=None, **kwargs):
        if instance is not None:
            kwargs.setdefault("initial", {
                "name": instance.name, "kind": instance.kind, "checkpoint": instance.checkpoint_id,
                "sampling_site": instance.sampling_site_id, "region": instance.region_id, "team": instance.team_id,
                "headcount": instance.headcount, "active": instance.active})
        super().__init__(*args, **kwargs)
        from wangge.checkpoints.models import Checkpoint
        from wangge.labtests.models import SamplingSite

        self.fields["checkpoint"].queryset = Checkpoint.objects.restrict(user).filter(active=True)
        self.fields["sampling_site"].queryset = SamplingSite.objects.restrict(user).select_related("campaign")
        self.fields["region"].queryset = Region.objects.restrict(user).filter(
            level__in=[RegionLevel.VILLAGE, RegionLevel.GRID])
        self.fields["team"].queryset = Team.objects.restrict(user).filter(active=True)


class TeamForm(forms.Form):
    name = forms.CharField(label=_("Team name"), max_length=100)
    region = forms.ModelChoiceField(label=_("Village/community"), queryset=Region.objects.none())
    party_branch = forms.CharField(label=_("Party branch"), max_length=100, required=False)
    leader = forms.ModelChoiceField(label=_("Team leader"), queryset=Volunteer.objects.none(), required=False)
    active = forms.BooleanField(label=_("Active"), required=False, initial=True)

    def __init__(self, *args, user=None, instance=None, **kwargs):
        if instance is not None:
            kwargs.setdefault("initial", {"name": instance.name, "region": instance.region_id,
                                          "party_branch": instance.party_branch, "leader": instance.leader_id,
                                          "active": instance.active})
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = Region.objects.restrict(user).filter(level=RegionLevel.VILLAGE)
        members = instance.members.filter(active=True) if instance is not None else Volunteer.objects.none()
        self.fields["leader"].queryset = members


class LinkAccountForm(forms.Form):
    user = forms.ModelChoiceField(label=_("User account"), queryset=None, required=False,
                                  help_text=_("The volunteer's own login: they then see their shifts and check in."))

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        from wangge.accounts.choices import Role
        from wangge.accounts.models import User

        self.fields["user"].queryset = User.objects.restrict(user).filter(role=Role.VOLUNTEER, is_active=True)


class DeploymentRequestForm(forms.Form):
    region = forms.ModelChoiceField(label=_("Village/community"),
                                    queryset=Region.objects.filter(level=RegionLevel.VILLAGE).order_by("code"))
    department = forms.CharField(label=_("Home department"), max_length=100)
    start_date = forms.DateField(label=_("From"), widget=DateInput(), initial=clock.today)
    end_date = forms.DateField(label=_("Until"), widget=DateInput())
    note = forms.CharField(label=_("Note"), max_length=200, required=False)


class DecisionForm(forms.Form):
    note = forms.CharField(label=_("Note"), max_length=200, required=False)
