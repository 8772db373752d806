"""River sections, patrols, observations, infractions and stock releases (禁捕, 增殖放流)."""
