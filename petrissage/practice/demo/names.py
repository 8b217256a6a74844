"""Name lists for the demo clinic: a few hundred given and family names from the many
communities of the Puget Sound area. Pure data, no Django.

Names are grouped by heritage so that a patient's given name, family name and preferred
language fit together (a Nguyễn who prefers Vietnamese, a Warsame who prefers Somali).
In the lists an underscore stands for a space inside one name ("De_la_Cruz").
"""

from __future__ import annotations

from dataclasses import dataclass


def _names(text: str) -> tuple[str, ...]:
    return tuple(word.replace("_", " ") for word in text.split())


@dataclass(frozen=True)
class Heritage:
    key: str
    weight: int  # relative share of patients
    female: tuple[str, ...]
    male: tuple[str, ...]
    family: tuple[str, ...]
    language: str = "English"
    language_share: float = 0.0  # share of this group preferring `language` over English
    hyphen_share: float = 0.0  # share with a double-barrelled family name


HERITAGES: tuple[Heritage, ...] = (
    Heritage(
        "european",
        34,
        female=_names("""
            Emily Sarah Hannah Megan Rachel Laura Katherine Elizabeth Abigail Claire Olivia
            Emma Madeline Grace Heather Jennifer Susan Margaret Linda Karen Ingrid Astrid Greta
            Zoë Chloé Renée Anaïs Brigitte Siobhan Aoife Francesca Giulia Heidi Kirsten Dagny
        """),
        male=_names("""
            James Michael David Daniel Matthew Andrew Ryan Benjamin Nathan Thomas William Robert
            Christopher Patrick Sean Connor Liam Owen Henry Samuel Erik Lars Søren Björn Anders
            Pierre Luc François Matteo Giovanni Declan Niall Stefan Jürgen
        """),
        family=_names("""
            Anderson Johnson Miller Wilson Taylor Thompson White Harris Clark Lewis Walker Hall
            Young Allen Wright Scott Hill Green Baker Adams Nelson Carter Mitchell Roberts
            Campbell Parker Evans Edwards Collins Stewart Murphy O'Brien O'Connor McCarthy Kelly
            Sullivan Larsen Johansson Lindqvist Nilsen Halvorsen Eriksen Müller Schmidt Becker
            Fischer Weber Rossi Romano Bianchi Moreau Lefèvre Dubois Kowalski Nowak Novák
        """),
        hyphen_share=0.06,
    ),
    Heritage(
        "hispanic",
        13,
        female=_names("""
            María Ana Sofía Lucía Isabella Valentina Camila Gabriela Daniela Alejandra Carmen
            Rosa Guadalupe Inés Mariana Paola Ximena Luz Beatriz Yesenia Marisol
        """),
        male=_names("""
            José Juan Luis Carlos Jorge Miguel Alejandro Diego Javier Manuel Francisco Rafael
            Andrés Martín Tomás Ricardo Eduardo Héctor Joaquín Emilio Santiago
        """),
        family=_names("""
            García Rodríguez Martínez Hernández López González Pérez Sánchez Ramírez Torres
            Flores Rivera Gómez Díaz Reyes Morales Cruz Ortiz Gutiérrez Chávez Ramos Ruiz
            Álvarez Mendoza Castillo Jiménez Vargas Romero Herrera Medina Aguilar Muñoz Peña
            Ibáñez Castañeda Delgado Navarro Salazar De_la_Cruz
        """),
        language="Spanish",
        language_share=0.35,
        hyphen_share=0.15,
    ),
    Heritage(
        "vietnamese",
        6,
        female=_names("Lan Linh Mai Hương Thảo Ngọc Trang Hạnh Phương Vy Thủy Anh"),
        male=_names("Minh Tuấn Hùng Dũng Quang Huy Khoa Long Phúc Thanh Bảo Đức"),
        family=_names("Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý"),
        language="Vietnamese",
        language_share=0.45,
    ),
    Heritage(
        "chinese",
        6,
        female=_names("Mei Xiu Ying Jing Li Na Hui Yan Fang Xinyi Wen Lin Yuxi"),
        male=_names("Wei Jun Hao Lei Jian Ming Tao Yong Qiang Zhiwei Chen Bo Kai"),
        family=_names("Wang Li Zhang Liu Chen Yang Huang Zhao Wu Zhou Xu Sun Ma Zhu Hu Guo Lin"),
        language="Chinese",
        language_share=0.35,
    ),
    Heritage(
        "east_asian_pacific",
        8,
        female=_names("""
            Ji-woo Seo-yeon Min-ji Hana Yuki Aiko Haruka Sakura Maricel Rosalind Jocelyn Leilani
            Malia Kalani
        """),
        male=_names("""
            Min-jun Ji-ho Seung-woo Hiroshi Kenji Takumi Daisuke Ramon Jericho Renato Makoa
            Keoni Sione
        """),
        family=_names("""
            Kim Lee Park Choi Jung Kang Cho Yoon Tanaka Suzuki Watanabe Yamamoto Nakamura Sato
            Santos Reyes Bautista Dela_Cruz Mendoza Villanueva Kahananui Fonoti Tuilagi
        """),
    ),
    Heritage(
        "south_asian",
        5,
        female=_names("Priya Ananya Kavya Divya Lakshmi Aisha Meera Pooja Sunita Neha Harpreet"),
        male=_names("Arjun Rahul Vikram Rohan Sanjay Amit Ravi Anil Imran Gurpreet Karan"),
        family=_names("""
            Patel Sharma Singh Gupta Reddy Iyer Nair Kumar Chatterjee Desai Mehta Rao Khan
            Malhotra Bhatt Sandhu
        """),
    ),
    Heritage(
        "east_african",
        5,
        female=_names("Hodan Fadumo Amina Sahra Ayaan Hibo Ifrah Deeqa Hawa Ubah Selam Tigist"),
        male=_names("Abdi Mohamed Ahmed Abdirahman Hassan Farah Yusuf Omar Dawit Tesfaye Bereket"),
        family=_names("""
            Warsame Mohamud Abdullahi Hussein Ali Jama Osman Ahmed Hassan Farah Yusuf Tesfaye
            Bekele Haile Gebremedhin
        """),
        language="Somali",
        language_share=0.45,
    ),
    Heritage(
        "eastern_european",
        6,
        female=_names("Olga Natalia Svetlana Irina Tatiana Yulia Oksana Anastasia Daria Ludmila"),
        male=_names("Dmitri Sergei Alexei Ivan Nikolai Andrei Mykola Oleksandr Pavel Viktor"),
        family=_names("""
            Ivanov Petrova Smirnov Kuznetsova Popov Sokolov Volkova Morozov Shevchenko Kovalenko
            Bondarenko Tkachenko Melnyk Lysenko
        """),
        language="Russian",
        language_share=0.4,
    ),
    Heritage(
        "african_american",
        9,
        female=_names("""
            Aaliyah Imani Jasmine Keisha Tamika Ebony Nia Destiny Latoya Monique Shanice Brianna
        """),
        male=_names("""
            Darnell Jamal Marcus Terrence DeShawn Malik Andre Tyrone Jerome Isaiah Xavier
        """),
        family=_names("""
            Washington Jefferson Jackson Robinson Brooks Coleman Freeman Banks Bryant Dawson
            Hayes Simmons Gaines Holloway Okafor Adeyemi Mensah
        """),
        hyphen_share=0.05,
    ),
    Heritage(
        "middle_eastern",
        3,
        female=_names("Layla Yasmin Noor Fatima Rania Dalia Samira Leila"),
        male=_names("Omar Karim Tariq Samir Rami Youssef Ali Hamid"),
        family=_names("Haddad Khoury Nasser Saleh Mansour Aziz Farouk Karimi Hosseini Rahimi"),
    ),
    Heritage(
        "native",
        2,
        female=_names("Winona Tala Aiyana Shelby Raven"),
        male=_names("Dakota Cody Hunter Tahoma Jace"),
        family=_names("Jim Yallup Sampson Charley Williams Sohappy Cloud"),
    ),
)

NICKNAMES: dict[str, str] = {
    "Elizabeth": "Liz",
    "Katherine": "Kate",
    "Margaret": "Peggy",
    "Abigail": "Abby",
    "William": "Bill",
    "Robert": "Bob",
    "Christopher": "Chris",
    "Benjamin": "Ben",
    "Alejandro": "Alex",
    "Francisco": "Paco",
    "Guadalupe": "Lupe",
    "Oleksandr": "Sasha",
    "Anastasia": "Nastya",
    "Abdirahman": "Abdi",
}

RELATIONSHIPS_YOUNG = ("Parent", "Spouse", "Partner", "Sibling", "Friend")
RELATIONSHIPS_OLDER = ("Spouse", "Partner", "Daughter", "Son", "Sibling", "Friend")


def all_given_names() -> set[str]:
    return {name for group in HERITAGES for name in (*group.female, *group.male)}


def all_family_names() -> set[str]:
    return {name for group in HERITAGES for name in group.family}
