"""What the demo province is made of. Everything here is synthetic and marked illustrative."""

from __future__ import annotations

# The departments (sở, ban, ngành) of the new Cần Thơ as a demo: real names of the kinds of
# agencies a post-2025 province has, with codes that exist only in this demo.
DEPARTMENTS: list[tuple[str, str, str]] = [
    ("CT-VP", "Văn phòng Ủy ban nhân dân thành phố", "Office of the City People's Committee"),
    ("CT-SNV", "Sở Nội vụ", "Department of Home Affairs"),
    ("CT-STP", "Sở Tư pháp", "Department of Justice"),
    ("CT-STC", "Sở Tài chính", "Department of Finance"),
    ("CT-SXD", "Sở Xây dựng", "Department of Construction"),
    ("CT-SNNMT", "Sở Nông nghiệp và Môi trường", "Department of Agriculture and Environment"),
    ("CT-SCT", "Sở Công Thương", "Department of Industry and Trade"),
    ("CT-SKHCN", "Sở Khoa học và Công nghệ", "Department of Science and Technology"),
    ("CT-SGDDT", "Sở Giáo dục và Đào tạo", "Department of Education and Training"),
    ("CT-SYT", "Sở Y tế", "Department of Health"),
    ("CT-SVHTTDL", "Sở Văn hóa, Thể thao và Du lịch", "Department of Culture, Sports and Tourism"),
    ("CT-SDTTG", "Sở Dân tộc và Tôn giáo", "Department of Ethnic and Religious Affairs"),
    ("CT-TT", "Thanh tra thành phố", "City Inspectorate"),
    (
        "CT-BQLKCN",
        "Ban Quản lý các khu chế xuất và công nghiệp",
        "Export Processing and Industrial Zones Authority",
    ),
    ("CT-TTPVHCC", "Trung tâm Phục vụ hành chính công", "Public Administrative Service Centre"),
    ("CT-DPTTH", "Đài Phát thanh và Truyền hình", "Radio and Television Station"),
    (
        "CT-BQLDA",
        "Ban Quản lý dự án đầu tư xây dựng",
        "Construction Investment Project Management Board",
    ),
    ("CT-CA", "Công an thành phố", "City Police"),
    ("CT-BHXH", "Bảo hiểm xã hội thành phố", "City Social Security"),
    ("CT-CT", "Thuế thành phố", "City Tax Department"),
]

DEMO_PASSWORD = "demo-parindex"  # printed by `parindex demo_logins`; demo databases only

# username, full name, role, unit code (in the demo's own code systems), appraised areas
PERSONAS: list[tuple[str, str, str, str, list[str]]] = [
    ("sonoivu", "Nguyễn Thị Lan (Sở Nội vụ)", "province_admin", "current_34:92", []),
    ("canbo.sxd", "Trần Văn Minh (Sở Xây dựng)", "unit_staff", "local:CT-SXD", []),
    ("giamdoc.sxd", "Lê Hoàng Nam (Giám đốc Sở Xây dựng)", "unit_head", "local:CT-SXD", []),
    ("canbo.caikhe", "Phạm Thị Hồng (Phường Cái Khế)", "unit_staff", "current_34:31120", []),
    (
        "chutich.caikhe",
        "Võ Văn Tâm (Chủ tịch UBND phường Cái Khế)",
        "unit_head",
        "current_34:31120",
        [],
    ),
    (
        "thamdinh.stp",
        "Đặng Quốc Huy (Sở Tư pháp, thẩm định)",
        "appraiser",
        "current_34:92",
        ["institutional_reform"],
    ),
    ("thamdinh.snv", "Huỳnh Thị Mai (Sở Nội vụ, thẩm định)", "appraiser", "current_34:92", []),
    ("hoidong", "Trương Minh Đức (Hội đồng thẩm định)", "council_member", "current_34:92", []),
    ("lanhdao", "Ngô Thanh Sơn (Lãnh đạo UBND thành phố)", "leader", "current_34:92", []),
]
