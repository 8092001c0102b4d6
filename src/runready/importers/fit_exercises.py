"""Garmin FIT exercise names: (exercise_category, category_subtype) → snake_case name.

Generated from the per-category ``<category>_exercise_name`` enums of the FIT SDK profile 21.171
as shipped in fitdecode 0.11.0. Each category's names form one space-separated string whose
position is the subtype; ``-`` marks a subtype the profile leaves unused.
"""

from __future__ import annotations

from functools import cache

from runready.core.model import Exercise, ExerciseSet
from runready.importers.fit_profile import (
    ACTIVE_SET,
    EXERCISE_CATEGORIES,
    UNKNOWN_CATEGORY,
    Message,
    enum_name,
    first_int,
    ints,
    scaled,
    within,
)

_NAMES: dict[int, str] = {
    0: (  # bench_press
        "alternating_dumbbell_chest_press_on_swiss_ball barbell_bench_press "
        "barbell_board_bench_press barbell_floor_press close_grip_barbell_bench_press "
        "decline_dumbbell_bench_press dumbbell_bench_press dumbbell_floor_press "
        "incline_barbell_bench_press incline_dumbbell_bench_press "
        "incline_smith_machine_bench_press isometric_barbell_bench_press "
        "kettlebell_chest_press neutral_grip_dumbbell_bench_press "
        "neutral_grip_dumbbell_incline_bench_press one_arm_floor_press "
        "weighted_one_arm_floor_press partial_lockout reverse_grip_barbell_bench_press "
        "reverse_grip_incline_bench_press single_arm_cable_chest_press "
        "single_arm_dumbbell_bench_press smith_machine_bench_press "
        "swiss_ball_dumbbell_chest_press triple_stop_barbell_bench_press "
        "wide_grip_barbell_bench_press alternating_dumbbell_chest_press"
    ),
    1: (  # calf_raise
        "3_way_calf_raise 3_way_weighted_calf_raise 3_way_single_leg_calf_raise "
        "3_way_weighted_single_leg_calf_raise donkey_calf_raise weighted_donkey_calf_raise "
        "seated_calf_raise weighted_seated_calf_raise seated_dumbbell_toe_raise "
        "single_leg_bent_knee_calf_raise weighted_single_leg_bent_knee_calf_raise "
        "single_leg_decline_push_up single_leg_donkey_calf_raise "
        "weighted_single_leg_donkey_calf_raise single_leg_hip_raise_with_knee_hold "
        "single_leg_standing_calf_raise single_leg_standing_dumbbell_calf_raise "
        "standing_barbell_calf_raise standing_calf_raise weighted_standing_calf_raise "
        "standing_dumbbell_calf_raise"
    ),
    2: (  # cardio
        "bob_and_weave_circle weighted_bob_and_weave_circle cardio_core_crawl "
        "weighted_cardio_core_crawl double_under weighted_double_under jump_rope "
        "weighted_jump_rope jump_rope_crossover weighted_jump_rope_crossover jump_rope_jog "
        "weighted_jump_rope_jog jumping_jacks weighted_jumping_jacks ski_moguls "
        "weighted_ski_moguls split_jacks weighted_split_jacks squat_jacks "
        "weighted_squat_jacks triple_under weighted_triple_under elliptical spinning "
        "pole_paddle_forward_wheelchair pole_paddle_backward_wheelchair "
        "pole_handcycle_forward_wheelchair pole_handcycle_backward_wheelchair "
        "pole_rainbow_wheelchair double_punch_forward_wheelchair double_punch_down_wheelchair "
        "double_punch_sideways_wheelchair double_punch_up_wheelchair sit_ski_wheelchair "
        "sitting_jacks_wheelchair punch_forward_wheelchair punch_down_wheelchair "
        "punch_sideways_wheelchair punch_up_wheelchair punch_bag_wheelchair "
        "pole_dd_ff_uu_wheelchair butterfly_arms_wheelchair punch"
    ),
    3: (  # carry
        "bar_holds farmers_walk farmers_walk_on_toes hex_dumbbell_hold overhead_carry "
        "dumbbell_waiter_carry farmers_carry_walk_lunge farmers_carry farmers_carry_on_toes"
    ),
    4: (  # chop
        "cable_pull_through cable_rotational_lift cable_woodchop cross_chop_to_knee "
        "weighted_cross_chop_to_knee dumbbell_chop half_kneeling_rotation "
        "weighted_half_kneeling_rotation half_kneeling_rotational_chop "
        "half_kneeling_rotational_reverse_chop half_kneeling_stability_chop "
        "half_kneeling_stability_reverse_chop kneeling_rotational_chop "
        "kneeling_rotational_reverse_chop kneeling_stability_chop kneeling_woodchopper "
        "medicine_ball_wood_chops power_squat_chops weighted_power_squat_chops "
        "standing_rotational_chop standing_split_rotational_chop "
        "standing_split_rotational_reverse_chop standing_stability_reverse_chop"
    ),
    5: (  # core
        "abs_jabs weighted_abs_jabs alternating_plate_reach barbell_rollout "
        "weighted_barbell_rollout body_bar_oblique_twist cable_core_press cable_side_bend "
        "side_bend weighted_side_bend crescent_circle weighted_crescent_circle "
        "cycling_russian_twist weighted_cycling_russian_twist elevated_feet_russian_twist "
        "weighted_elevated_feet_russian_twist half_turkish_get_up kettlebell_windmill "
        "kneeling_ab_wheel weighted_kneeling_ab_wheel modified_front_lever open_knee_tucks "
        "weighted_open_knee_tucks side_abs_leg_lift weighted_side_abs_leg_lift "
        "swiss_ball_jackknife weighted_swiss_ball_jackknife swiss_ball_pike "
        "weighted_swiss_ball_pike swiss_ball_rollout weighted_swiss_ball_rollout "
        "triangle_hip_press weighted_triangle_hip_press trx_suspended_jackknife "
        "weighted_trx_suspended_jackknife u_boat weighted_u_boat windmill_switches "
        "weighted_windmill_switches alternating_slide_out weighted_alternating_slide_out "
        "ghd_back_extensions weighted_ghd_back_extensions overhead_walk inchworm "
        "weighted_modified_front_lever russian_twist abdominal_leg_rotations "
        "arm_and_leg_extension_on_knees bicycle bicep_curl_with_leg_extension cat_cow "
        "corkscrew criss_cross criss_cross_with_ball double_leg_stretch knee_folds lower_lift "
        "neck_pull pelvic_clocks roll_over roll_up rolling rowing_1 rowing_2 scissors "
        "single_leg_circles single_leg_stretch snake_twist_1_and_2 swan swimming teaser "
        "the_hundred bicep_curl_with_leg_extension_with_weights - hanging_l_sit - "
        "lower_lift_with_weights - ring_l_sit rowing_1_with_weights rowing_2_with_weights "
        "scissors_with_weights single_leg_stretch_with_weights toes_to_elbows "
        "weighted_criss_cross weighted_double_leg_stretch weighted_the_hundred l_sit "
        "turkish_get_up weighted_ring_l_sit weighted_hanging_l_sit weighted_l_sit "
        "side_bend_low_wheelchair side_bend_mid_wheelchair side_bend_high_wheelchair "
        "seated_side_bend"
    ),
    6: (  # crunch
        "bicycle_crunch cable_crunch circular_arm_crunch crossed_arms_crunch "
        "weighted_crossed_arms_crunch cross_leg_reverse_crunch "
        "weighted_cross_leg_reverse_crunch crunch_chop weighted_crunch_chop double_crunch "
        "weighted_double_crunch elbow_to_knee_crunch weighted_elbow_to_knee_crunch "
        "flutter_kicks weighted_flutter_kicks foam_roller_reverse_crunch_on_bench "
        "weighted_foam_roller_reverse_crunch_on_bench "
        "foam_roller_reverse_crunch_with_dumbbell "
        "foam_roller_reverse_crunch_with_medicine_ball frog_press "
        "hanging_knee_raise_oblique_crunch weighted_hanging_knee_raise_oblique_crunch "
        "hip_crossover weighted_hip_crossover hollow_rock weighted_hollow_rock "
        "incline_reverse_crunch weighted_incline_reverse_crunch kneeling_cable_crunch "
        "kneeling_cross_crunch weighted_kneeling_cross_crunch kneeling_oblique_cable_crunch "
        "knees_to_elbow leg_extensions weighted_leg_extensions leg_levers mcgill_curl_up "
        "weighted_mcgill_curl_up modified_pilates_roll_up_with_ball "
        "weighted_modified_pilates_roll_up_with_ball pilates_crunch weighted_pilates_crunch "
        "pilates_roll_up_with_ball weighted_pilates_roll_up_with_ball raised_legs_crunch "
        "weighted_raised_legs_crunch reverse_crunch weighted_reverse_crunch "
        "reverse_crunch_on_a_bench weighted_reverse_crunch_on_a_bench reverse_curl_and_lift "
        "weighted_reverse_curl_and_lift rotational_lift weighted_rotational_lift "
        "seated_alternating_reverse_crunch weighted_seated_alternating_reverse_crunch "
        "seated_leg_u weighted_seated_leg_u side_to_side_crunch_and_weave "
        "weighted_side_to_side_crunch_and_weave single_leg_reverse_crunch "
        "weighted_single_leg_reverse_crunch skater_crunch_cross weighted_skater_crunch_cross "
        "standing_cable_crunch standing_side_crunch step_climb weighted_step_climb "
        "swiss_ball_crunch swiss_ball_reverse_crunch weighted_swiss_ball_reverse_crunch "
        "swiss_ball_russian_twist weighted_swiss_ball_russian_twist swiss_ball_side_crunch "
        "weighted_swiss_ball_side_crunch thoracic_crunches_on_foam_roller "
        "weighted_thoracic_crunches_on_foam_roller triceps_crunch weighted_bicycle_crunch "
        "weighted_crunch weighted_swiss_ball_crunch toes_to_bar weighted_toes_to_bar crunch "
        "straight_leg_crunch_with_ball - leg_climb_crunch"
    ),
    7: (  # curl
        "alternating_dumbbell_biceps_curl alternating_dumbbell_biceps_curl_on_swiss_ball "
        "alternating_incline_dumbbell_biceps_curl barbell_biceps_curl "
        "barbell_reverse_wrist_curl barbell_wrist_curl "
        "behind_the_back_barbell_reverse_wrist_curl behind_the_back_one_arm_cable_curl "
        "cable_biceps_curl cable_hammer_curl cheating_barbell_biceps_curl "
        "close_grip_ez_bar_biceps_curl cross_body_dumbbell_hammer_curl dead_hang_biceps_curl "
        "decline_hammer_curl dumbbell_biceps_curl_with_static_hold dumbbell_hammer_curl "
        "dumbbell_reverse_wrist_curl dumbbell_wrist_curl ez_bar_preacher_curl "
        "forward_bend_biceps_curl hammer_curl_to_press incline_dumbbell_biceps_curl "
        "incline_offset_thumb_dumbbell_curl kettlebell_biceps_curl "
        "lying_concentration_cable_curl one_arm_preacher_curl plate_pinch_curl "
        "preacher_curl_with_cable reverse_ez_bar_curl reverse_grip_wrist_curl "
        "reverse_grip_barbell_biceps_curl seated_alternating_dumbbell_biceps_curl "
        "seated_dumbbell_biceps_curl seated_reverse_dumbbell_curl "
        "split_stance_offset_pinky_dumbbell_curl standing_alternating_dumbbell_curls "
        "standing_dumbbell_biceps_curl standing_ez_bar_biceps_curl static_curl "
        "swiss_ball_dumbbell_overhead_triceps_extension swiss_ball_ez_bar_preacher_curl "
        "twisting_standing_dumbbell_biceps_curl wide_grip_ez_bar_biceps_curl "
        "one_arm_concentration_curl standing_zottman_biceps_curl dumbbell_biceps_curl "
        "drag_curl_wheelchair dumbbell_biceps_curl_wheelchair bottle_curl seated_bottle_curl"
    ),
    8: (  # deadlift
        "barbell_deadlift barbell_straight_leg_deadlift dumbbell_deadlift "
        "dumbbell_single_leg_deadlift_to_row dumbbell_straight_leg_deadlift "
        "kettlebell_floor_to_shelf one_arm_one_leg_deadlift rack_pull "
        "rotational_dumbbell_straight_leg_deadlift single_arm_deadlift "
        "single_leg_barbell_deadlift single_leg_barbell_straight_leg_deadlift "
        "single_leg_deadlift_with_barbell single_leg_rdl_circuit "
        "single_leg_romanian_deadlift_with_dumbbell sumo_deadlift sumo_deadlift_high_pull "
        "trap_bar_deadlift wide_grip_barbell_deadlift - kettlebell_deadlift "
        "kettlebell_sumo_deadlift - romanian_deadlift single_leg_romanian_deadlift_circuit "
        "straight_leg_deadlift"
    ),
    9: (  # flye
        "cable_crossover decline_dumbbell_flye dumbbell_flye incline_dumbbell_flye "
        "kettlebell_flye kneeling_rear_flye single_arm_standing_cable_reverse_flye "
        "swiss_ball_dumbbell_flye arm_rotations hug_a_tree face_down_incline_reverse_flye "
        "incline_reverse_flye rear_delt_fly_wheelchair"
    ),
    10: (  # hip_raise
        "barbell_hip_thrust_on_floor barbell_hip_thrust_with_bench "
        "bent_knee_swiss_ball_reverse_hip_raise "
        "weighted_bent_knee_swiss_ball_reverse_hip_raise bridge_with_leg_extension "
        "weighted_bridge_with_leg_extension clam_bridge front_kick_tabletop "
        "weighted_front_kick_tabletop hip_extension_and_cross "
        "weighted_hip_extension_and_cross hip_raise weighted_hip_raise "
        "hip_raise_with_feet_on_swiss_ball weighted_hip_raise_with_feet_on_swiss_ball "
        "hip_raise_with_head_on_bosu_ball weighted_hip_raise_with_head_on_bosu_ball "
        "hip_raise_with_head_on_swiss_ball weighted_hip_raise_with_head_on_swiss_ball "
        "hip_raise_with_knee_squeeze weighted_hip_raise_with_knee_squeeze "
        "incline_rear_leg_extension weighted_incline_rear_leg_extension kettlebell_swing "
        "marching_hip_raise weighted_marching_hip_raise "
        "marching_hip_raise_with_feet_on_a_swiss_ball "
        "weighted_marching_hip_raise_with_feet_on_a_swiss_ball reverse_hip_raise "
        "weighted_reverse_hip_raise single_leg_hip_raise weighted_single_leg_hip_raise "
        "single_leg_hip_raise_with_foot_on_bench "
        "weighted_single_leg_hip_raise_with_foot_on_bench "
        "single_leg_hip_raise_with_foot_on_bosu_ball "
        "weighted_single_leg_hip_raise_with_foot_on_bosu_ball "
        "single_leg_hip_raise_with_foot_on_foam_roller "
        "weighted_single_leg_hip_raise_with_foot_on_foam_roller "
        "single_leg_hip_raise_with_foot_on_medicine_ball "
        "weighted_single_leg_hip_raise_with_foot_on_medicine_ball "
        "single_leg_hip_raise_with_head_on_bosu_ball "
        "weighted_single_leg_hip_raise_with_head_on_bosu_ball weighted_clam_bridge "
        "single_leg_swiss_ball_hip_raise_and_leg_curl clams inner_thigh_circles "
        "inner_thigh_side_lift leg_circles leg_lift leg_lift_in_external_rotation"
    ),
    11: (  # hip_stability
        "band_side_lying_leg_raise dead_bug weighted_dead_bug external_hip_raise "
        "weighted_external_hip_raise fire_hydrant_kicks weighted_fire_hydrant_kicks "
        "hip_circles weighted_hip_circles inner_thigh_lift weighted_inner_thigh_lift "
        "lateral_walks_with_band_at_ankles pretzel_side_kick weighted_pretzel_side_kick "
        "prone_hip_internal_rotation weighted_prone_hip_internal_rotation quadruped "
        "quadruped_hip_extension weighted_quadruped_hip_extension quadruped_with_leg_lift "
        "weighted_quadruped_with_leg_lift side_lying_leg_raise weighted_side_lying_leg_raise "
        "sliding_hip_adduction weighted_sliding_hip_adduction standing_adduction "
        "weighted_standing_adduction standing_cable_hip_abduction standing_hip_abduction "
        "weighted_standing_hip_abduction standing_rear_leg_raise "
        "weighted_standing_rear_leg_raise supine_hip_internal_rotation "
        "weighted_supine_hip_internal_rotation lying_abduction_stretch"
    ),
    12: (  # hip_swing
        "single_arm_kettlebell_swing single_arm_dumbbell_swing step_out_swing one_arm_swing"
    ),
    13: (  # hyperextension
        "back_extension_with_opposite_arm_and_leg_reach "
        "weighted_back_extension_with_opposite_arm_and_leg_reach base_rotations "
        "weighted_base_rotations bent_knee_reverse_hyperextension "
        "weighted_bent_knee_reverse_hyperextension hollow_hold_and_roll "
        "weighted_hollow_hold_and_roll kicks weighted_kicks knee_raises weighted_knee_raises "
        "kneeling_superman weighted_kneeling_superman lat_pull_down_with_row "
        "medicine_ball_deadlift_to_reach one_arm_one_leg_row one_arm_row_with_band "
        "overhead_lunge_with_medicine_ball plank_knee_tucks weighted_plank_knee_tucks "
        "side_step weighted_side_step single_leg_back_extension "
        "weighted_single_leg_back_extension spine_extension weighted_spine_extension "
        "static_back_extension weighted_static_back_extension superman_from_floor "
        "weighted_superman_from_floor swiss_ball_back_extension "
        "weighted_swiss_ball_back_extension swiss_ball_hyperextension "
        "weighted_swiss_ball_hyperextension swiss_ball_opposite_arm_and_leg_lift "
        "weighted_swiss_ball_opposite_arm_and_leg_lift superman_on_swiss_ball cobra "
        "supine_floor_barre"
    ),
    14: (  # lateral_raise
        "45_degree_cable_external_rotation alternating_lateral_raise_with_static_hold "
        "bar_muscle_up bent_over_lateral_raise cable_diagonal_raise cable_front_raise "
        "calorie_row combo_shoulder_raise dumbbell_diagonal_raise dumbbell_v_raise "
        "front_raise leaning_dumbbell_lateral_raise lying_dumbbell_raise muscle_up "
        "one_arm_cable_lateral_raise overhand_grip_rear_lateral_raise plate_raises ring_dip "
        "weighted_ring_dip ring_muscle_up weighted_ring_muscle_up rope_climb "
        "weighted_rope_climb scaption seated_lateral_raise seated_rear_lateral_raise "
        "side_lying_lateral_raise standing_lift suspended_row "
        "underhand_grip_rear_lateral_raise wall_slide weighted_wall_slide arm_circles "
        "shaving_the_head dumbbell_lateral_raise - ring_dip_kipping wall_walk "
        "dumbbell_front_raise_wheelchair dumbbell_lateral_raise_wheelchair "
        "pole_double_arm_overhead_and_forward_wheelchair "
        "pole_straight_arm_overhead_wheelchair"
    ),
    15: (  # leg_curl
        "leg_curl weighted_leg_curl good_morning seated_barbell_good_morning "
        "single_leg_barbell_good_morning single_leg_sliding_leg_curl sliding_leg_curl "
        "split_barbell_good_morning split_stance_extension staggered_stance_good_morning "
        "swiss_ball_hip_raise_and_leg_curl zercher_good_morning band_good_morning "
        "bar_good_morning"
    ),
    16: (  # leg_raise
        "hanging_knee_raise hanging_leg_raise weighted_hanging_leg_raise "
        "hanging_single_leg_raise weighted_hanging_single_leg_raise kettlebell_leg_raises "
        "leg_lowering_drill weighted_leg_lowering_drill lying_straight_leg_raise "
        "weighted_lying_straight_leg_raise medicine_ball_leg_drops quadruped_leg_raise "
        "weighted_quadruped_leg_raise reverse_leg_raise weighted_reverse_leg_raise "
        "reverse_leg_raise_on_swiss_ball weighted_reverse_leg_raise_on_swiss_ball "
        "single_leg_lowering_drill weighted_single_leg_lowering_drill "
        "weighted_hanging_knee_raise lateral_stepover weighted_lateral_stepover"
    ),
    17: (  # lunge
        "overhead_lunge lunge_matrix weighted_lunge_matrix alternating_barbell_forward_lunge "
        "alternating_dumbbell_lunge_with_reach back_foot_elevated_dumbbell_split_squat "
        "barbell_box_lunge barbell_bulgarian_split_squat barbell_crossover_lunge "
        "barbell_front_split_squat barbell_lunge barbell_reverse_lunge barbell_side_lunge "
        "barbell_split_squat core_control_rear_lunge diagonal_lunge drop_lunge "
        "dumbbell_box_lunge dumbbell_bulgarian_split_squat dumbbell_crossover_lunge "
        "dumbbell_diagonal_lunge dumbbell_lunge dumbbell_lunge_and_rotation "
        "dumbbell_overhead_bulgarian_split_squat "
        "dumbbell_reverse_lunge_to_high_knee_and_press dumbbell_side_lunge "
        "elevated_front_foot_barbell_split_squat front_foot_elevated_dumbbell_split_squat "
        "gunslinger_lunge lawnmower_lunge low_lunge_with_isometric_adduction "
        "low_side_to_side_lunge lunge weighted_lunge lunge_with_arm_reach "
        "lunge_with_diagonal_reach lunge_with_side_bend offset_dumbbell_lunge "
        "offset_dumbbell_reverse_lunge overhead_bulgarian_split_squat "
        "overhead_dumbbell_reverse_lunge overhead_dumbbell_split_squat "
        "overhead_lunge_with_rotation reverse_barbell_box_lunge reverse_box_lunge "
        "reverse_dumbbell_box_lunge reverse_dumbbell_crossover_lunge "
        "reverse_dumbbell_diagonal_lunge reverse_lunge_with_reach_back "
        "weighted_reverse_lunge_with_reach_back reverse_lunge_with_twist_and_overhead_reach "
        "weighted_reverse_lunge_with_twist_and_overhead_reach reverse_sliding_box_lunge "
        "weighted_reverse_sliding_box_lunge reverse_sliding_lunge "
        "weighted_reverse_sliding_lunge runners_lunge_to_balance "
        "weighted_runners_lunge_to_balance shifting_side_lunge side_and_crossover_lunge "
        "weighted_side_and_crossover_lunge side_lunge weighted_side_lunge "
        "side_lunge_and_press side_lunge_jump_off side_lunge_sweep weighted_side_lunge_sweep "
        "side_lunge_to_crossover_tap weighted_side_lunge_to_crossover_tap "
        "side_to_side_lunge_chops weighted_side_to_side_lunge_chops siff_jump_lunge "
        "weighted_siff_jump_lunge single_arm_reverse_lunge_and_press sliding_lateral_lunge "
        "weighted_sliding_lateral_lunge walking_barbell_lunge walking_dumbbell_lunge "
        "walking_lunge weighted_walking_lunge wide_grip_overhead_barbell_split_squat "
        "alternating_dumbbell_lunge dumbbell_reverse_lunge overhead_dumbbell_lunge "
        "scissor_power_switch dumbbell_overhead_walking_lunge curtsy_lunge "
        "weighted_curtsy_lunge weighted_shifting_side_lunge weighted_side_lunge_and_press "
        "weighted_side_lunge_jump_off"
    ),
    18: (  # olympic_lift
        "barbell_hang_power_clean barbell_hang_squat_clean barbell_power_clean "
        "barbell_power_snatch barbell_squat_clean clean_and_jerk barbell_hang_power_snatch "
        "barbell_hang_pull barbell_high_pull barbell_snatch barbell_split_jerk clean "
        "dumbbell_clean dumbbell_hang_pull one_hand_dumbbell_split_snatch push_jerk "
        "single_arm_dumbbell_snatch single_arm_hang_snatch single_arm_kettlebell_snatch "
        "split_jerk squat_clean_and_jerk dumbbell_hang_snatch dumbbell_power_clean_and_jerk "
        "dumbbell_power_clean_and_push_press dumbbell_power_clean_and_strict_press "
        "dumbbell_snatch medicine_ball_clean clean_and_press snatch"
    ),
    19: (  # plank
        "45_degree_plank weighted_45_degree_plank 90_degree_static_hold "
        "weighted_90_degree_static_hold bear_crawl weighted_bear_crawl "
        "cross_body_mountain_climber weighted_cross_body_mountain_climber "
        "elbow_plank_pike_jacks weighted_elbow_plank_pike_jacks elevated_feet_plank "
        "weighted_elevated_feet_plank elevator_abs weighted_elevator_abs extended_plank "
        "weighted_extended_plank full_plank_passe_twist weighted_full_plank_passe_twist "
        "inching_elbow_plank weighted_inching_elbow_plank inchworm_to_side_plank "
        "weighted_inchworm_to_side_plank kneeling_plank weighted_kneeling_plank "
        "kneeling_side_plank_with_leg_lift weighted_kneeling_side_plank_with_leg_lift "
        "lateral_roll weighted_lateral_roll lying_reverse_plank weighted_lying_reverse_plank "
        "medicine_ball_mountain_climber weighted_medicine_ball_mountain_climber "
        "modified_mountain_climber_and_extension "
        "weighted_modified_mountain_climber_and_extension mountain_climber "
        "weighted_mountain_climber mountain_climber_on_sliding_discs "
        "weighted_mountain_climber_on_sliding_discs mountain_climber_with_feet_on_bosu_ball "
        "weighted_mountain_climber_with_feet_on_bosu_ball "
        "mountain_climber_with_hands_on_bench mountain_climber_with_hands_on_swiss_ball "
        "weighted_mountain_climber_with_hands_on_swiss_ball plank "
        "plank_jacks_with_feet_on_sliding_discs "
        "weighted_plank_jacks_with_feet_on_sliding_discs plank_knee_twist "
        "weighted_plank_knee_twist plank_pike_jumps weighted_plank_pike_jumps plank_pikes "
        "weighted_plank_pikes plank_to_stand_up weighted_plank_to_stand_up "
        "plank_with_arm_raise weighted_plank_with_arm_raise plank_with_knee_to_elbow "
        "weighted_plank_with_knee_to_elbow plank_with_oblique_crunch "
        "weighted_plank_with_oblique_crunch plyometric_side_plank "
        "weighted_plyometric_side_plank rolling_side_plank weighted_rolling_side_plank "
        "side_kick_plank weighted_side_kick_plank side_plank weighted_side_plank "
        "side_plank_and_row weighted_side_plank_and_row side_plank_lift "
        "weighted_side_plank_lift side_plank_with_elbow_on_bosu_ball "
        "weighted_side_plank_with_elbow_on_bosu_ball side_plank_with_feet_on_bench "
        "weighted_side_plank_with_feet_on_bench side_plank_with_knee_circle "
        "weighted_side_plank_with_knee_circle side_plank_with_knee_tuck "
        "weighted_side_plank_with_knee_tuck side_plank_with_leg_lift "
        "weighted_side_plank_with_leg_lift side_plank_with_reach_under "
        "weighted_side_plank_with_reach_under single_leg_elevated_feet_plank "
        "weighted_single_leg_elevated_feet_plank single_leg_flex_and_extend "
        "weighted_single_leg_flex_and_extend single_leg_side_plank "
        "weighted_single_leg_side_plank spiderman_plank weighted_spiderman_plank "
        "straight_arm_plank weighted_straight_arm_plank "
        "straight_arm_plank_with_shoulder_touch "
        "weighted_straight_arm_plank_with_shoulder_touch swiss_ball_plank "
        "weighted_swiss_ball_plank swiss_ball_plank_leg_lift "
        "weighted_swiss_ball_plank_leg_lift swiss_ball_plank_leg_lift_and_hold "
        "swiss_ball_plank_with_feet_on_bench weighted_swiss_ball_plank_with_feet_on_bench "
        "swiss_ball_prone_jackknife weighted_swiss_ball_prone_jackknife swiss_ball_side_plank "
        "weighted_swiss_ball_side_plank three_way_plank weighted_three_way_plank "
        "towel_plank_and_knee_in weighted_towel_plank_and_knee_in t_stabilization "
        "weighted_t_stabilization turkish_get_up_to_side_plank "
        "weighted_turkish_get_up_to_side_plank two_point_plank weighted_two_point_plank "
        "weighted_plank wide_stance_plank_with_diagonal_arm_lift "
        "weighted_wide_stance_plank_with_diagonal_arm_lift "
        "wide_stance_plank_with_diagonal_leg_lift "
        "weighted_wide_stance_plank_with_diagonal_leg_lift wide_stance_plank_with_leg_lift "
        "weighted_wide_stance_plank_with_leg_lift "
        "wide_stance_plank_with_opposite_arm_and_leg_lift "
        "weighted_mountain_climber_with_hands_on_bench "
        "weighted_swiss_ball_plank_leg_lift_and_hold "
        "weighted_wide_stance_plank_with_opposite_arm_and_leg_lift "
        "plank_with_feet_on_swiss_ball side_plank_to_plank_with_reach_under "
        "bridge_with_glute_lower_lift bridge_one_leg_bridge plank_with_arm_variations "
        "plank_with_leg_lift reverse_plank_with_leg_pull ring_plank_sprawls"
    ),
    20: (  # plyo
        "alternating_jump_lunge weighted_alternating_jump_lunge barbell_jump_squat "
        "body_weight_jump_squat weighted_jump_squat cross_knee_strike "
        "weighted_cross_knee_strike depth_jump weighted_depth_jump dumbbell_jump_squat "
        "dumbbell_split_jump front_knee_strike weighted_front_knee_strike high_box_jump "
        "weighted_high_box_jump isometric_explosive_body_weight_jump_squat "
        "weighted_isometric_explosive_jump_squat lateral_leap_and_hop "
        "weighted_lateral_leap_and_hop lateral_plyo_squats weighted_lateral_plyo_squats "
        "lateral_slide weighted_lateral_slide medicine_ball_overhead_throws "
        "medicine_ball_side_throw medicine_ball_slam side_to_side_medicine_ball_throws "
        "side_to_side_shuffle_jump weighted_side_to_side_shuffle_jump squat_jump_onto_box "
        "weighted_squat_jump_onto_box squat_jumps_in_and_out weighted_squat_jumps_in_and_out "
        "box_jump box_jump_overs box_jump_overs_over_the_box star_jump_squats jump_squat"
    ),
    21: (  # pull_up
        "banded_pull_ups 30_degree_lat_pulldown band_assisted_chin_up close_grip_chin_up "
        "weighted_close_grip_chin_up close_grip_lat_pulldown crossover_chin_up "
        "weighted_crossover_chin_up ez_bar_pullover hanging_hurdle weighted_hanging_hurdle "
        "kneeling_lat_pulldown kneeling_underhand_grip_lat_pulldown lat_pulldown "
        "mixed_grip_chin_up weighted_mixed_grip_chin_up mixed_grip_pull_up "
        "weighted_mixed_grip_pull_up reverse_grip_pulldown standing_cable_pullover "
        "straight_arm_pulldown swiss_ball_ez_bar_pullover towel_pull_up "
        "weighted_towel_pull_up weighted_pull_up wide_grip_lat_pulldown wide_grip_pull_up "
        "weighted_wide_grip_pull_up burpee_pull_up weighted_burpee_pull_up jumping_pull_ups "
        "weighted_jumping_pull_ups kipping_pull_up weighted_kipping_pull_up l_pull_up "
        "weighted_l_pull_up suspended_chin_up weighted_suspended_chin_up pull_up chin_up "
        "neutral_grip_chin_up weighted_chin_up band_assisted_pull_up neutral_grip_pull_up "
        "weighted_neutral_grip_chin_up weighted_neutral_grip_pull_up"
    ),
    22: (  # push_up
        "chest_press_with_band alternating_staggered_push_up "
        "weighted_alternating_staggered_push_up alternating_hands_medicine_ball_push_up "
        "weighted_alternating_hands_medicine_ball_push_up bosu_ball_push_up "
        "weighted_bosu_ball_push_up clapping_push_up weighted_clapping_push_up "
        "close_grip_medicine_ball_push_up weighted_close_grip_medicine_ball_push_up "
        "close_hands_push_up weighted_close_hands_push_up decline_push_up "
        "weighted_decline_push_up diamond_push_up weighted_diamond_push_up "
        "explosive_crossover_push_up weighted_explosive_crossover_push_up explosive_push_up "
        "weighted_explosive_push_up feet_elevated_side_to_side_push_up "
        "weighted_feet_elevated_side_to_side_push_up hand_release_push_up "
        "weighted_hand_release_push_up handstand_push_up weighted_handstand_push_up "
        "incline_push_up weighted_incline_push_up isometric_explosive_push_up "
        "weighted_isometric_explosive_push_up judo_push_up weighted_judo_push_up "
        "kneeling_push_up weighted_kneeling_push_up medicine_ball_chest_pass "
        "medicine_ball_push_up weighted_medicine_ball_push_up one_arm_push_up "
        "weighted_one_arm_push_up weighted_push_up push_up_and_row weighted_push_up_and_row "
        "push_up_plus weighted_push_up_plus push_up_with_feet_on_swiss_ball "
        "weighted_push_up_with_feet_on_swiss_ball push_up_with_one_hand_on_medicine_ball "
        "weighted_push_up_with_one_hand_on_medicine_ball shoulder_push_up "
        "weighted_shoulder_push_up single_arm_medicine_ball_push_up "
        "weighted_single_arm_medicine_ball_push_up spiderman_push_up "
        "weighted_spiderman_push_up stacked_feet_push_up weighted_stacked_feet_push_up "
        "staggered_hands_push_up weighted_staggered_hands_push_up suspended_push_up "
        "weighted_suspended_push_up swiss_ball_push_up weighted_swiss_ball_push_up "
        "swiss_ball_push_up_plus weighted_swiss_ball_push_up_plus t_push_up "
        "weighted_t_push_up triple_stop_push_up weighted_triple_stop_push_up "
        "wide_hands_push_up weighted_wide_hands_push_up parallette_handstand_push_up "
        "weighted_parallette_handstand_push_up ring_handstand_push_up "
        "weighted_ring_handstand_push_up ring_push_up weighted_ring_push_up push_up "
        "pilates_pushup dynamic_push_up kipping_handstand_push_up shoulder_tapping_push_up "
        "biceps_push_up hindu_push_up pike_push_up wide_grip_push_up weighted_biceps_push_up "
        "weighted_hindu_push_up weighted_pike_push_up kipping_parallette_handstand_push_up "
        "wall_push_up"
    ),
    23: (  # row
        "barbell_straight_leg_deadlift_to_row cable_row_standing dumbbell_row "
        "elevated_feet_inverted_row weighted_elevated_feet_inverted_row face_pull "
        "face_pull_with_external_rotation inverted_row_with_feet_on_swiss_ball "
        "weighted_inverted_row_with_feet_on_swiss_ball kettlebell_row modified_inverted_row "
        "weighted_modified_inverted_row neutral_grip_alternating_dumbbell_row "
        "one_arm_bent_over_row one_legged_dumbbell_row renegade_row reverse_grip_barbell_row "
        "rope_handle_cable_row seated_cable_row seated_dumbbell_row single_arm_cable_row "
        "single_arm_cable_row_and_rotation single_arm_inverted_row "
        "weighted_single_arm_inverted_row single_arm_neutral_grip_dumbbell_row "
        "single_arm_neutral_grip_dumbbell_row_and_rotation suspended_inverted_row "
        "weighted_suspended_inverted_row t_bar_row towel_grip_inverted_row "
        "weighted_towel_grip_inverted_row underhand_grip_cable_row v_grip_cable_row "
        "wide_grip_seated_cable_row alternating_dumbbell_row inverted_row row weighted_row "
        "indoor_row banded_face_pulls chest_supported_dumbbell_row decline_ring_row "
        "elevated_ring_row rdl_bent_over_row_with_barbell_dumbbell ring_row barbell_row "
        "bent_over_row_with_barbell bent_over_row_with_dumbell "
        "seated_underhand_grip_cable_row trx_inverted_row weighted_inverted_row "
        "weighted_trx_inverted_row dumbbell_row_wheelchair"
    ),
    24: (  # shoulder_press
        "alternating_dumbbell_shoulder_press arnold_press barbell_front_squat_to_push_press "
        "barbell_push_press barbell_shoulder_press dead_curl_press "
        "dumbbell_alternating_shoulder_press_and_twist dumbbell_hammer_curl_to_lunge_to_press "
        "dumbbell_push_press floor_inverted_shoulder_press "
        "weighted_floor_inverted_shoulder_press inverted_shoulder_press "
        "weighted_inverted_shoulder_press one_arm_push_press overhead_barbell_press "
        "overhead_dumbbell_press seated_barbell_shoulder_press seated_dumbbell_shoulder_press "
        "single_arm_dumbbell_shoulder_press single_arm_step_up_and_press "
        "smith_machine_overhead_press split_stance_hammer_curl_to_press "
        "swiss_ball_dumbbell_shoulder_press weight_plate_front_raise dumbbell_shoulder_press "
        "military_press - strict_press dumbbell_front_raise "
        "dumbbell_curl_to_overhead_press_wheelchair arnold_press_wheelchair "
        "overhead_dumbbell_press_wheelchair"
    ),
    25: (  # shoulder_stability
        "90_degree_cable_external_rotation band_external_rotation band_internal_rotation "
        "bent_arm_lateral_raise_and_external_rotation cable_external_rotation "
        "dumbbell_face_pull_with_external_rotation floor_i_raise weighted_floor_i_raise "
        "floor_t_raise weighted_floor_t_raise floor_y_raise weighted_floor_y_raise "
        "incline_i_raise weighted_incline_i_raise incline_l_raise weighted_incline_l_raise "
        "incline_t_raise weighted_incline_t_raise incline_w_raise weighted_incline_w_raise "
        "incline_y_raise weighted_incline_y_raise lying_external_rotation "
        "seated_dumbbell_external_rotation standing_l_raise swiss_ball_i_raise "
        "weighted_swiss_ball_i_raise swiss_ball_t_raise weighted_swiss_ball_t_raise "
        "swiss_ball_w_raise weighted_swiss_ball_w_raise swiss_ball_y_raise "
        "weighted_swiss_ball_y_raise cable_internal_rotation lying_internal_rotation "
        "seated_dumbbell_internal_rotation"
    ),
    26: (  # shrug
        "barbell_jump_shrug barbell_shrug barbell_upright_row "
        "behind_the_back_smith_machine_shrug dumbbell_jump_shrug dumbbell_shrug "
        "dumbbell_upright_row incline_dumbbell_shrug overhead_barbell_shrug "
        "overhead_dumbbell_shrug scaption_and_shrug scapular_retraction serratus_chair_shrug "
        "weighted_serratus_chair_shrug serratus_shrug weighted_serratus_shrug "
        "wide_grip_jump_shrug wide_grip_barbell_shrug behind_the_back_shrug "
        "dumbbell_shrug_wheelchair shrug_wheelchair shrug_arm_down_wheelchair "
        "shrug_arm_mid_wheelchair shrug_arm_up_wheelchair upright_row"
    ),
    27: (  # sit_up
        "alternating_sit_up weighted_alternating_sit_up bent_knee_v_up "
        "weighted_bent_knee_v_up butterfly_sit_up weighted_butterfly_situp "
        "cross_punch_roll_up weighted_cross_punch_roll_up crossed_arms_sit_up "
        "weighted_crossed_arms_sit_up get_up_sit_up weighted_get_up_sit_up hovering_sit_up "
        "weighted_hovering_sit_up kettlebell_sit_up medicine_ball_alternating_v_up "
        "medicine_ball_sit_up medicine_ball_v_up modified_sit_up negative_sit_up "
        "one_arm_full_sit_up reclining_circle weighted_reclining_circle reverse_curl_up "
        "weighted_reverse_curl_up single_leg_swiss_ball_jackknife "
        "weighted_single_leg_swiss_ball_jackknife the_teaser the_teaser_weighted "
        "three_part_roll_down weighted_three_part_roll_down v_up weighted_v_up "
        "weighted_russian_twist_on_swiss_ball weighted_sit_up x_abs weighted_x_abs sit_up "
        "ghd_sit_ups sit_up_turkish_get_up russian_twist_on_swiss_ball"
    ),
    28: (  # squat
        "leg_press back_squat_with_body_bar back_squats weighted_back_squats balancing_squat "
        "weighted_balancing_squat barbell_back_squat barbell_box_squat barbell_front_squat "
        "barbell_hack_squat barbell_hang_squat_snatch barbell_lateral_step_up "
        "barbell_quarter_squat barbell_siff_squat barbell_squat_snatch "
        "barbell_squat_with_heels_raised barbell_stepover barbell_step_up "
        "bench_squat_with_rotational_chop weighted_bench_squat_with_rotational_chop "
        "body_weight_wall_squat weighted_wall_squat box_step_squat weighted_box_step_squat "
        "braced_squat crossed_arm_barbell_front_squat crossover_dumbbell_step_up "
        "dumbbell_front_squat dumbbell_split_squat dumbbell_squat dumbbell_squat_clean "
        "dumbbell_stepover dumbbell_step_up elevated_single_leg_squat "
        "weighted_elevated_single_leg_squat figure_four_squats weighted_figure_four_squats "
        "goblet_squat kettlebell_squat kettlebell_swing_overhead "
        "kettlebell_swing_with_flip_to_squat lateral_dumbbell_step_up one_legged_squat "
        "overhead_dumbbell_squat overhead_squat partial_single_leg_squat "
        "weighted_partial_single_leg_squat pistol_squat weighted_pistol_squat plie_slides "
        "weighted_plie_slides plie_squat weighted_plie_squat prisoner_squat "
        "weighted_prisoner_squat single_leg_bench_get_up weighted_single_leg_bench_get_up "
        "single_leg_bench_squat weighted_single_leg_bench_squat "
        "single_leg_squat_on_swiss_ball weighted_single_leg_squat_on_swiss_ball squat "
        "weighted_squat squats_with_band staggered_squat weighted_staggered_squat step_up "
        "weighted_step_up suitcase_squats sumo_squat sumo_squat_slide_in "
        "weighted_sumo_squat_slide_in sumo_squat_to_high_pull sumo_squat_to_stand "
        "weighted_sumo_squat_to_stand sumo_squat_with_rotation "
        "weighted_sumo_squat_with_rotation swiss_ball_body_weight_wall_squat "
        "weighted_swiss_ball_wall_squat thrusters uneven_squat weighted_uneven_squat "
        "waist_slimming_squat wall_ball wide_stance_barbell_squat wide_stance_goblet_squat "
        "zercher_squat kbs_overhead squat_and_side_kick squat_jumps_in_n_out "
        "pilates_plie_squats_parallel_turned_out_flat_and_heels "
        "releve_straight_leg_and_knee_bent_with_one_leg_variation "
        "alternating_box_dumbbell_step_ups dumbbell_overhead_squat_single_arm "
        "dumbbell_squat_snatch medicine_ball_squat - wall_ball_squat_and_press "
        "squat_american_swing - air_squat dumbbell_thrusters overhead_barbell_squat"
    ),
    29: (  # total_body
        "burpee weighted_burpee burpee_box_jump weighted_burpee_box_jump high_pull_burpee "
        "man_makers one_arm_burpee squat_thrusts weighted_squat_thrusts squat_plank_push_up "
        "weighted_squat_plank_push_up standing_t_rotation_balance "
        "weighted_standing_t_rotation_balance barbell_burpee - "
        "burpee_box_jump_over_yes_literally_jumping_over_the_box burpee_box_jump_step_up_over "
        "lateral_barbell_burpee total_body_burpee_over_bar burpee_box_jump_over "
        "burpee_wheelchair"
    ),
    30: (  # triceps_extension
        "bench_dip weighted_bench_dip body_weight_dip cable_kickback "
        "cable_lying_triceps_extension cable_overhead_triceps_extension dumbbell_kickback "
        "dumbbell_lying_triceps_extension ez_bar_overhead_triceps_extension incline_dip "
        "weighted_incline_dip incline_ez_bar_lying_triceps_extension "
        "lying_dumbbell_pullover_to_extension lying_ez_bar_triceps_extension "
        "lying_triceps_extension_to_close_grip_bench_press "
        "overhead_dumbbell_triceps_extension reclining_triceps_press reverse_grip_pressdown "
        "reverse_grip_triceps_pressdown rope_pressdown "
        "seated_barbell_overhead_triceps_extension seated_dumbbell_overhead_triceps_extension "
        "seated_ez_bar_overhead_triceps_extension "
        "seated_single_arm_overhead_dumbbell_extension "
        "single_arm_dumbbell_overhead_triceps_extension "
        "single_dumbbell_seated_overhead_triceps_extension single_leg_bench_dip_and_kick "
        "weighted_single_leg_bench_dip_and_kick single_leg_dip weighted_single_leg_dip "
        "static_lying_triceps_extension suspended_dip weighted_suspended_dip "
        "swiss_ball_dumbbell_lying_triceps_extension "
        "swiss_ball_ez_bar_lying_triceps_extension "
        "swiss_ball_ez_bar_overhead_triceps_extension tabletop_dip weighted_tabletop_dip "
        "triceps_extension_on_floor triceps_pressdown weighted_dip "
        "alternating_dumbbell_lying_triceps_extension triceps_press "
        "dumbbell_kickback_wheelchair overhead_dumbbell_triceps_extension_wheelchair"
    ),
    31: (  # warm_up
        "quadruped_rocking neck_tilts ankle_circles ankle_dorsiflexion_with_band "
        "ankle_internal_rotation arm_circles bent_over_reach_to_sky cat_camel "
        "elbow_to_foot_lunge forward_and_backward_leg_swings groiners "
        "inverted_hamstring_stretch lateral_duck_under neck_rotations "
        "opposite_arm_and_leg_balance reach_roll_and_lift scorpion shoulder_circles "
        "side_to_side_leg_swings sleeper_stretch slide_out swiss_ball_hip_crossover "
        "swiss_ball_reach_roll_and_lift swiss_ball_windshield_wipers thoracic_rotation "
        "walking_high_kicks walking_high_knees walking_knee_hugs walking_leg_cradles walkout "
        "walkout_from_push_up_position biceps_stretch glutes_stretch "
        "standing_hamstring_stretch stretch_90_90 stretch_abs stretch_butterfly stretch_calf "
        "stretch_cat_cow stretch_childs_pose stretch_cobra stretch_forearms "
        "stretch_forward_glutes stretch_front_split stretch_hamstring "
        "stretch_hip_flexor_and_quad stretch_lat stretch_levator_scapulae "
        "stretch_lunge_with_spinal_twist stretch_lunging_hip_flexor stretch_lying_abduction "
        "stretch_lying_it_band stretch_lying_knee_to_chest stretch_lying_piriformis "
        "stretch_lying_spinal_twist stretch_neck stretch_obliques stretch_over_under_shoulder "
        "stretch_pectoral stretch_pigeon_pose stretch_piriformis stretch_quad "
        "stretch_scorpion stretch_shoulder stretch_side stretch_side_lunge stretch_side_split "
        "stretch_standing_it_band stretch_straddle stretch_triceps "
        "stretch_wall_chest_and_shoulder neck_rotations_wheelchair half_kneeling_arm_rotation "
        "three_way_ankle_mobilization ninety_ninety_hip_switch active_frog shoulder_sweeps "
        "ankle_lunges back_roll_foam_roller bear_crawl latissimus_dorsi_foam_roll "
        "reverse_t_hip_opener shoulder_rolls chest_openers triceps_stretch upper_back_stretch "
        "hip_circles ankle_stretch marching_in_place triceps_stretch_wheelchair "
        "upper_back_stretch_wheelchair"
    ),
    32: (  # run
        "run walk jog sprint run_or_walk speed_walk warm_up"
    ),
    33: (  # bike
        "bike ride sprint"
    ),
    35: (  # move
        "arch_and_curl arm_circles_with_ball_band_and_weight arm_stretch back_massage "
        "belly_breathing bridge_with_ball diamond_leg_crunch diamond_leg_lift "
        "eight_point_shoulder_opener foot_rolling footwork footwork_on_disc forward_fold "
        "frog_with_band half_roll_up hamstring_curl hamstring_stretch hip_stretch "
        "hug_a_tree_with_ball_band_and_weight knee_circles knee_folds_on_disc lateral_flexion "
        "leg_stretch_with_band leg_stretch_with_leg_circles lower_lift_on_disc lunge_squat "
        "lunges_with_knee_lift mermaid_stretch neutral_pelvic_position pelvic_clocks_on_disc "
        "pilates_plie_squats_parallel_turned_out_flat_and_heels_with_chair piriformis_stretch "
        "plank_knee_crosses plank_knee_pulls plank_up_downs prayer_mudra psoas_lunge_stretch "
        "ribcage_breathing roll_down roll_up_with_weight_and_band saw scapular_stabilization "
        "scissors_on_disc seated_hip_stretchup seated_twist "
        "shaving_the_head_with_ball_band_and_weight spinal_twist spinal_twist_stretch "
        "spine_stretch_forward squat_open_arm_twist_pose squats_with_ball stand_and_hang "
        "standing_side_stretch standing_single_leg_forward_bend_with_it_band_opener "
        "straight_leg_crunch_with_leg_lift straight_leg_crunch_with_leg_lift_with_ball "
        "straight_leg_crunch_with_legs_crossed "
        "straight_leg_crunch_with_legs_crossed_with_ball straight_leg_diagonal_crunch "
        "straight_leg_diagonal_crunch_with_ball tailbone_curl throat_lock tick_tock_side_roll "
        "twist v_leg_crunches v_sit forward_fold_wheelchair forward_fold_plus_wheelchair "
        "arm_circles_low_forward_wheelchair arm_circles_mid_forward_wheelchair "
        "arm_circles_high_forward_wheelchair arm_circles_low_backward_wheelchair "
        "arm_circles_mid_backward_wheelchair arm_circles_high_backward_wheelchair "
        "core_twists_wheelchair arm_raise_wheelchair chest_expand_wheelchair "
        "arm_extend_wheelchair forward_bend_wheelchair toe_touch_wheelchair "
        "extended_toe_touch_wheelchair seated_arm_circles trunk_rotations "
        "seated_trunk_rotations toe_touch"
    ),
    36: (  # pose
        "all_fours ankle_to_knee baby_cobra boat bound_angle "
        "bound_seated_single_leg_forward_bend bow bowed_half_moon bridge cat chair childs "
        "corpse cow_face cow devotional_warrior dolphin_plank dolphin down_dog_knee_to_nose "
        "down_dog_split down_dog_split_open_hip_bent_knee downward_facing_dog eagle "
        "easy_seated extended_puppy extended_side_angle fish four_limbed_staff full_split "
        "gate half_chair_half_ankle_to_knee half_moon head_to_knee heron heros high_lunge "
        "knees_chest_chin lizard locust low_lunge low_lunge_twist low_lunge_with_knee_down "
        "mermaid mountain one_legged_downward_facing_pose_open_hip_bent_knee "
        "one_legged_pigeon peaceful_warrior plank plow reclined_hand_to_foot "
        "revolved_half_moon revolved_head_to_knee revolved_triangle runners_lunge "
        "seated_easy_side_bend seated_easy_twist seated_long_leg_forward_bend "
        "seated_wide_leg_forward_bend shoulder_stand side_boat side_plank sphinx "
        "squat_open_arm_twist squat_palm_press staff standing_arms_up "
        "standing_forward_bend_halfway_up standing_forward_bend standing_side_opener "
        "standing_single_leg_forward_bend standing_split standing_wide_leg_forward_bend "
        "standing_wide_leg_forward_bend_with_twist supine_spinal_twist table_top "
        "thread_the_needle thunderbolt thunderbolt_pose_both_sides_arm_stretch tree triangle "
        "up_dog upward_facing_plank warrior_one warrior_three warrior_two wheel "
        "wide_side_lunge deep_breathing_wheelchair deep_breathing_low_wheelchair "
        "deep_breathing_mid_wheelchair deep_breathing_high_wheelchair prayer_wheelchair "
        "overhead_prayer_wheelchair cactus_wheelchair breathing_punches_wheelchair "
        "breathing_punches_extended_wheelchair breathing_punches_overhead_wheelchair "
        "breathing_punches_overhead_and_down_wheelchair breathing_punches_side_wheelchair "
        "breathing_punches_extended_side_wheelchair "
        "breathing_punches_overhead_side_wheelchair "
        "breathing_punches_overhead_and_down_side_wheelchair left_hand_back_wheelchair "
        "triangle_wheelchair thread_the_needle_wheelchair "
        "neck_flexion_and_extension_wheelchair neck_lateral_flexion_wheelchair "
        "spine_flexion_and_extension_wheelchair spine_rotation_wheelchair "
        "spine_lateral_flexion_wheelchair alternative_skiing_wheelchair "
        "reach_forward_wheelchair warrior_wheelchair reverse_warrior_wheelchair "
        "downward_facing_dog_to_cobra seated_cat_cow"
    ),
    37: (  # banded_exercises
        "- ab_twist back_extension bicycle_crunch calf_raises chest_press clam_shells curl "
        "deadbug deadlift donkey_kick external_rotation "
        "external_rotation_at_90_degree_abduction face_pull fire_hydrant fly front_raise "
        "glute_bridge hamstring_curls high_plank_leg_lifts hip_extension internal_rotation "
        "jumping_jack kneeling_crunch lateral_band_walks lateral_raise latpull leg_abduction "
        "leg_adduction leg_extension lunge plank pull_apart push_ups reverse_crunch row "
        "shoulder_abduction shoulder_extension shoulder_external_rotation "
        "shoulder_flexion_to_90_degrees side_plank_leg_lifts side_raise squat squat_to_press "
        "tricep_extension tricep_kickback upright_row wall_crawl_with_external_rotation - "
        "lateral_raise_wheelchair triceps_extension_wheelchair chest_fly_incline_wheelchair "
        "chest_fly_decline_wheelchair pull_down_wheelchair straight_arm_pull_down_wheelchair "
        "curl_wheelchair overhead_curl_wheelchair face_pull_wheelchair "
        "around_the_world_wheelchair pull_apart_wheelchair side_curl_wheelchair "
        "overhead_press_wheelchair"
    ),
    38: (  # battle_rope
        "alternating_figure_eight alternating_jump_wave alternating_kneeling_to_standing_wave "
        "alternating_lunge_wave alternating_squat_wave alternating_wave "
        "alternating_wave_with_lateral_shuffle clap_wave double_arm_figure_eight "
        "double_arm_side_to_side_snake double_arm_side_wave double_arm_slam double_arm_wave "
        "grappler_toss hip_toss in_and_out_wave inside_circle jumping_jacks outside_circle "
        "rainbow side_plank_wave sidewinder sitting_russian_twist snake_wave split_jack "
        "stage_coach ultimate_warrior upper_cuts"
    ),
    39: (  # elliptical
        "elliptical"
    ),
    40: (  # floor_climb
        "floor_climb"
    ),
    41: (  # indoor_bike
        "air_bike assault_bike - stationary_bike"
    ),
    42: (  # indoor_row
        "rowing_machine"
    ),
    43: (  # ladder
        "agility speed"
    ),
    44: (  # sandbag
        "around_the_world back_squat bear_crawl_pull_through bear_hug_squat clean "
        "clean_and_press curl front_carry front_squat lunge overhead_press plank_pull_through "
        "rotational_lunge row russian_twist shouldering shoveling side_lunge sprint "
        "zercher_squat"
    ),
    45: (  # sled
        "backward_drag chest_press forward_drag low_push push row"
    ),
    46: (  # sledge_hammer
        "lateral_swing hammer_slam"
    ),
    47: (  # stair_stepper
        "stair_stepper"
    ),
    49: (  # suspension
        "chest_fly chest_press crunch curl dip face_pull glute_bridge hamstring_curl hip_drop "
        "inverted_row knee_drive_jump knee_to_chest lat_pullover lunge mountain_climber "
        "pendulum pike plank power_pull pull_up push_up reverse_mountain_climber "
        "reverse_plank rollout row side_lunge side_plank single_leg_deadlift single_leg_squat "
        "sit_up split squat squat_jump tricep_press y_fly"
    ),
    50: (  # tire
        "flip"
    ),
    52: (  # run_indoor
        "indoor_track_run treadmill"
    ),
    53: (  # bike_outdoor
        "bike"
    ),
}


@cache
def _subtypes(category: int) -> tuple[str, ...]:
    """Return the names of one category's subtypes, by subtype number."""
    return tuple(_NAMES.get(category, "").split())


def category_name(category: int | None) -> str:
    """Return the profile name of an exercise category ("squat"), or "unknown"."""
    if category is None or category == UNKNOWN_CATEGORY:
        return "unknown"
    return enum_name(EXERCISE_CATEGORIES, category) or "unknown"


def exercise_name(category: int | None, subtype: int | None) -> str:
    """Return the exercise's profile name, falling back to its category's name."""
    if category is not None and subtype is not None:
        names = _subtypes(category)
        if 0 <= subtype < len(names) and names[subtype] != "-":
            return names[subtype]
    return category_name(category)


def exercises(sets: list[Message]) -> tuple[Exercise, ...]:
    """Return the active sets as exercises, consecutive sets of one exercise grouped."""
    grouped: list[tuple[str, list[ExerciseSet]]] = []
    for message in sets:
        reps = first_int(message, "repetitions")
        kind = first_int(message, "set_type")
        if kind != ACTIVE_SET and not (kind is None and reps is not None):
            continue
        categories = ints(message.get("category"))
        at = next((i for i, c in enumerate(categories) if c is not None), None)
        subtypes = ints(message.get("category_subtype"))
        name = exercise_name(
            categories[at] if at is not None else None,
            subtypes[at] if at is not None and at < len(subtypes) else None,
        )
        weight = scaled(message, "weight", 16)
        one = ExerciseSet(
            reps=within(reps, 0, 1000),
            weight_kg=within(weight, 0, 1000),
            duration_s=within(scaled(message, "duration", 1000), 0, 24 * 3600),
        )
        if grouped and grouped[-1][0] == name:
            grouped[-1][1].append(one)
        else:
            grouped.append((name, [one]))
    return tuple(Exercise(name, tuple(done)) for name, done in grouped)
